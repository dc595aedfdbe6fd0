import type { RemediationLevelName } from '../ladder/event.types.js';
import { levelRank } from './remediation-ladder.types.js';
import type { RemediationState } from './remediation-state.js';

/** The observer's question (structurally @trustladder/k8s LadderSubject). */
export interface ObservedSubject {
  readonly namespace: string;
  readonly tier: string;
  readonly workload?: { readonly kind: string; readonly name: string };
}

/** The observer's answer (structurally @trustladder/k8s LadderVerdict). */
export interface ObservedVerdict {
  readonly remediationLevel?: string;
  readonly trustLevel?: number;
  readonly notes: readonly string[];
}

const MAX_NOTES = 8;

/**
 * The remediation ladder as the read-only observer's LadderView: for a namespace, the most
 * autonomous level any workflow may have there (its namespace's entries, unscoped entries,
 * environment entries that may apply, and the default), so a report never understates what
 * may run unattended. Notes name the entries, the most autonomous first, and the approval
 * requests open in the namespace.
 */
export function remediationLadderView(
  state: RemediationState,
  options: { at?: string } = {},
): {
  verdict(subject: ObservedSubject): ObservedVerdict;
} {
  return {
    verdict(subject) {
      const applicable: { scope: string; level: RemediationLevelName }[] = [];
      for (const entry of state.ladder.entries.values()) {
        if (entry.namespace !== undefined && entry.namespace !== subject.namespace) continue;
        applicable.push({ scope: entry.scope, level: state.levelOf(entry.scope) });
      }
      applicable.sort((a, b) => levelRank(b.level) - levelRank(a.level) || (a.scope < b.scope ? -1 : 1));
      const top = applicable[0];
      const notes = applicable.slice(0, MAX_NOTES).map((a) => `remediation ${a.scope}: ${a.level}`);
      if (applicable.length > MAX_NOTES)
        notes.push(`remediation: ${applicable.length - MAX_NOTES} more entries`);
      const at = options.at ?? state.newestAt;
      if (at !== undefined) {
        const open = state.pending(at).filter((r) => r.namespace === subject.namespace);
        if (open.length > 0)
          notes.push(`remediation: ${open.length} approval request(s) open in ${subject.namespace}`);
      }
      return { ...(top ? { remediationLevel: top.level } : {}), notes };
    },
  };
}
