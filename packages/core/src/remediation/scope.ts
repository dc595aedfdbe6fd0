import { DEFAULT_SCOPE, type RemediationEntry, type RemediationLadder } from './remediation-ladder.types.js';

/** The name of a ladder entry: `workflow`, `workflow/ns=payments`, `workflow/ns=payments/env=production`. */
export function scopeKey(workflow: string, namespace?: string, environment?: string): string {
  return `${workflow}${namespace === undefined ? '' : `/ns=${namespace}`}${environment === undefined ? '' : `/env=${environment}`}`;
}

// Namespace is narrower than environment (an environment holds many namespaces), so an entry
// naming both beats one naming the namespace, which beats one naming the environment.
function specificity(e: RemediationEntry): number {
  return (e.namespace === undefined ? 0 : 2) + (e.environment === undefined ? 0 : 1);
}

/**
 * The entry that decides a request: the most specific entry of its workflow matching its
 * namespace and environment (case-insensitive), or the `default` entry for a workflow no
 * entry names or matches.
 */
export function resolveEntry(
  ladder: RemediationLadder,
  workflow: string,
  namespace: string,
  environment: string,
): RemediationEntry {
  const env = environment.toLowerCase();
  let best: RemediationEntry | undefined;
  for (const e of ladder.byWorkflow.get(workflow) ?? []) {
    if (e.namespace !== undefined && e.namespace !== namespace) continue;
    if (e.environment !== undefined && e.environment !== env) continue;
    if (best === undefined || specificity(e) > specificity(best)) best = e;
  }
  return best ?? (ladder.entries.get(DEFAULT_SCOPE) as RemediationEntry);
}
