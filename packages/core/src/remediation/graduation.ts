import type { RemediationLevelName } from '../ladder/event.types.js';
import {
  DEFAULT_SCOPE,
  levelRank,
  REMEDIATION_LEVEL_ORDER,
  type RemediationLadder,
} from './remediation-ladder.types.js';

/** What graduation reads from the history of one ladder entry. */
export interface GraduationSource {
  readonly ladder: RemediationLadder;
  levelOf(scope: string): RemediationLevelName;
  statsOf(scope: string): {
    readonly dryRuns: number;
    readonly manualReviews: number;
    readonly approvals: number;
    readonly approvalsSinceRejection: number;
    readonly rejections: number;
    readonly expirations: number;
    readonly executed: number;
    readonly scores: readonly number[];
    readonly movedAt: string | undefined;
  };
}

/** One line of the graduation report (schemas/remediation-graduation.schema.json). */
export interface GraduationEntry {
  readonly scope: string;
  readonly level: RemediationLevelName;
  readonly recommendation: 'up' | 'down' | 'stay';
  /** The level to move to, when up or down. */
  readonly to?: RemediationLevelName;
  /** True when the ladder opts the entry into automatic moves (the fold already applied them). */
  readonly automaticMoves: boolean;
  readonly evidence: {
    readonly dryRuns: number;
    readonly manualReviews: number;
    readonly approvals: number;
    readonly approvalsSinceRejection: number;
    readonly rejections: number;
    readonly expirations: number;
    readonly executed: number;
    readonly assessments: number;
    readonly meanEffectiveness: number | null;
    readonly since: string | null;
  };
  readonly reasons: readonly string[];
}

/**
 * Whether a ladder entry is ready to move up or should move down, from its evidence since
 * its level last moved. Down wins over up. Up: at observe or selective, enough dry runs and
 * no manual review; at approve, enough approvals without a rejection and a mean
 * effectiveness of enough scored runs at least the threshold. Down: enough rejections, enough
 * alignment failures, or a mean effectiveness below the threshold. The `default` entry (every
 * unnamed workflow at once) is never recommended up.
 */
export function graduationOf(source: GraduationSource, scope: string): GraduationEntry {
  const rules = source.ladder.graduation;
  const level = source.levelOf(scope);
  const s = source.statsOf(scope);
  const mean = s.scores.length === 0 ? null : s.scores.reduce((a, b) => a + b, 0) / s.scores.length;
  const evidence = {
    dryRuns: s.dryRuns,
    manualReviews: s.manualReviews,
    approvals: s.approvals,
    approvalsSinceRejection: s.approvalsSinceRejection,
    rejections: s.rejections,
    expirations: s.expirations,
    executed: s.executed,
    assessments: s.scores.length,
    meanEffectiveness: mean === null ? null : Math.round(mean * 1000) / 1000,
    since: s.movedAt ?? null,
  };
  const automaticMoves = source.ladder.entries.get(scope)?.automaticMoves ?? false;
  const rank = levelRank(level);
  const down: string[] = [];
  if (s.rejections >= rules.demote.rejections) down.push(`${s.rejections} rejection(s)`);
  if (s.manualReviews >= rules.demote.manualReviews) down.push(`${s.manualReviews} alignment failure(s)`);
  if (mean !== null && mean < rules.demote.effectiveness)
    down.push(`mean effectiveness ${evidence.meanEffectiveness} is below ${rules.demote.effectiveness}`);
  if (down.length > 0 && rank > 0)
    return {
      scope,
      level,
      recommendation: 'down',
      to: REMEDIATION_LEVEL_ORDER[rank - 1] as RemediationLevelName,
      automaticMoves,
      evidence,
      reasons: down,
    };
  const stay = (reasons: string[]): GraduationEntry => ({
    scope,
    level,
    recommendation: 'stay',
    automaticMoves,
    evidence,
    reasons,
  });
  if (level === 'automate') return stay(['at the top level']);
  if (scope === DEFAULT_SCOPE)
    return stay(['unnamed workflows graduate one by one, by naming them in the ladder']);
  if (!source.ladder.entries.has(scope)) return stay(['not an entry of the ladder']);
  const up: string[] = [];
  const missing: string[] = [];
  if (level === 'observe' || level === 'selective') {
    if (s.dryRuns >= rules.promote.dryRuns && s.manualReviews === 0)
      up.push(`${s.dryRuns} dry run(s) with no alignment failure`);
    else
      missing.push(
        `${s.dryRuns}/${rules.promote.dryRuns} dry runs${s.manualReviews > 0 ? `, ${s.manualReviews} alignment failure(s)` : ''}`,
      );
  } else {
    const enoughApprovals = s.approvalsSinceRejection >= rules.promote.approvals && s.rejections === 0;
    const effective =
      mean !== null && s.scores.length >= rules.promote.assessments && mean >= rules.promote.effectiveness;
    if (enoughApprovals && effective)
      up.push(
        `${s.approvalsSinceRejection} approval(s) without a rejection`,
        `mean effectiveness ${evidence.meanEffectiveness} over ${s.scores.length} run(s)`,
      );
    else
      missing.push(
        `${s.approvalsSinceRejection}/${rules.promote.approvals} approvals without rejection`,
        `${s.scores.length}/${rules.promote.assessments} scored runs${mean === null ? '' : ` (mean ${evidence.meanEffectiveness}, needs ${rules.promote.effectiveness})`}`,
      );
  }
  if (up.length > 0)
    return {
      scope,
      level,
      recommendation: 'up',
      to: REMEDIATION_LEVEL_ORDER[rank + 1] as RemediationLevelName,
      automaticMoves,
      evidence,
      reasons: up,
    };
  return stay(missing);
}
