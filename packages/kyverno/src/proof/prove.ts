import type { Issue } from '@trustladder/core';
import { KyvernoError } from '../errors.js';
import type { KyvernoPolicy } from '../kyverno.types.js';
import { checkPolicyExpressions } from './cel-env.js';
import { validateAgainstCrd } from './crd-validator.js';

// The static half of the proof, run before anything is written: every policy fits its CRD
// with unknown fields refused, and every CEL expression compiles in Kyverno's environment.
// A failure is a generator bug; the output is refused rather than written.
export function proveGenerated(policies: readonly KyvernoPolicy[]): void {
  const issues: Issue[] = [];
  for (const p of policies) {
    const prefix = `/${p.metadata.name}`;
    for (const i of validateAgainstCrd(p)) issues.push({ ...i, path: `${prefix}${i.path}` });
    for (const i of checkPolicyExpressions(p).issues) issues.push({ ...i, path: `${prefix}${i.path}` });
  }
  if (issues.length > 0) {
    const code = issues.some((i) => i.code.startsWith('cel_')) ? 'CEL_INVALID' : 'CRD_INVALID';
    throw new KyvernoError(code, `the generated policies fail their proof: ${issues.length} problem(s)`, {
      issues,
    });
  }
}
