import {
  type CompiledPolicy,
  DEFAULT_POLICY_TEXTS,
  defaultPolicySource,
  loadBlastRadiusPolicy,
} from '@trustladder/core';
import type { Io } from '../io.js';
import { readInput } from '../read-input.js';

/** `--policy FILE`, or the built-in policies/blast-radius.yaml when absent. */
export async function policyFlag(file: string | undefined, io: Io): Promise<CompiledPolicy> {
  if (file === undefined)
    return loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius'], {
      source: defaultPolicySource('blast-radius'),
    });
  return loadBlastRadiusPolicy(await readInput(file, io), { source: file });
}
