import type { CompiledAttestorPolicy, Tier } from '@trustladder/core';

/** A namespace's tier as the observer reads it from its blast-radius label. */
export type ObservedTier = Tier | 'unknown';

/** What a ladder is asked about: a namespace, and a workload in it when there is one. */
export interface LadderSubject {
  readonly namespace: string;
  readonly tier: ObservedTier;
  readonly workload?: { readonly kind: string; readonly name: string };
}

/**
 * What the ladders say about a subject. The remediation ladder fills `remediationLevel`
 * (observe, selective, approve, automate), the progressive trust levels `trustLevel` (0..5);
 * `notes` explain, one sentence each.
 */
export interface LadderVerdict {
  readonly remediationLevel?: string;
  readonly trustLevel?: number;
  readonly notes: readonly string[];
}

// The seam where the remediation ladder and the progressive trust levels plug into the
// observer: each implements LadderView (reading its own history from the ledger) and the
// observer asks it about every namespace and every reported workload. It may answer
// asynchronously.
export interface LadderView {
  verdict(subject: LadderSubject): LadderVerdict | Promise<LadderVerdict>;
}

// The default view, which needs no ledger: the subject's blast-radius tier and what that
// tier's namespaces require by attestors.yaml. An unknown tier is described as what it is:
// no generated policy matches the namespace, so nothing is required at admission.
export function tierLadderView(attestors: CompiledAttestorPolicy): LadderView {
  return {
    verdict(subject) {
      if (subject.tier === 'unknown') {
        return {
          notes: [
            'blast-radius unknown: no generated Kyverno policy matches this namespace, so admission checks no attestation; the observer treats it as T3',
          ],
        };
      }
      const requirement = attestors.tier(subject.tier);
      if (!requirement || requirement.require.length === 0) {
        return { notes: [`blast-radius ${subject.tier}: attestors.yaml requires no attestation`] };
      }
      const who = requirement.require.map((a) => `${a.name} (${a.predicateType})`).join(', ');
      return {
        notes: [
          `blast-radius ${subject.tier}: admission requires images pinned by digest with attestations from ${who}`,
        ],
      };
    },
  };
}

/** Remediation levels from least to most autonomy (issue 6). */
export const REMEDIATION_LEVELS = ['observe', 'selective', 'approve', 'automate'] as const;

// Several views as one. Where two views give a level, the least autonomous wins (the lower
// trust level; the earlier remediation level, an unrecognised one counting as lowest of
// all), so combining views can only restrict. The notes of all are kept in order. A view that
// fails adds a note saying so instead of failing the report, so a broken ladder can never
// hide the observer's own findings.
export function combineLadderViews(...views: readonly LadderView[]): LadderView {
  return {
    async verdict(subject) {
      let remediationLevel: string | undefined;
      let trustLevel: number | undefined;
      const notes: string[] = [];
      for (const view of views) {
        let v: LadderVerdict;
        try {
          v = await view.verdict(subject);
        } catch (e) {
          notes.push(`a ladder view failed: ${e instanceof Error ? e.message : String(e)}`);
          continue;
        }
        if (v.remediationLevel !== undefined) {
          if (remediationLevel === undefined || rank(v.remediationLevel) < rank(remediationLevel))
            remediationLevel = v.remediationLevel;
        }
        if (v.trustLevel !== undefined) trustLevel = Math.min(trustLevel ?? v.trustLevel, v.trustLevel);
        notes.push(...v.notes);
      }
      return {
        ...(remediationLevel === undefined ? {} : { remediationLevel }),
        ...(trustLevel === undefined ? {} : { trustLevel }),
        notes,
      };
    },
  };
}

function rank(level: string): number {
  return (REMEDIATION_LEVELS as readonly string[]).indexOf(level);
}
