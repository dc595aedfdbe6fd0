import { canonicalDigest } from '../digest/index.js';
import { TrustladderError } from '../errors.js';
import { type Issue, pointer } from '../issues.js';
import { loadDocument, withPositions } from '../load/index.js';
import { type Tier, tierRank } from '../tier.js';
import { parseDuration } from './duration.js';
import {
  DEFAULT_OBSERVED_RUNS,
  type PromotionStep,
  type TrustLadder,
  type TrustLadderDocument,
} from './trust-ladder.types.js';

/**
 * Loads a trust ladder (YAML or JSON): schema first, then the checks a schema cannot say.
 * Throws TrustladderError INVALID_DOCUMENT carrying every issue, each with a JSON pointer.
 */
export function loadTrustLadder(text: string, options: { source?: string } = {}): TrustLadder {
  const loaded = loadDocument(text, 'trust-ladder', options);
  const doc = loaded.value as TrustLadderDocument;
  const issues = withPositions(checkLadder(doc), loaded.value, loaded.positions);
  if (issues.length > 0) {
    throw new TrustladderError(
      'INVALID_DOCUMENT',
      `the trust ladder is invalid: ${issues.length} problem(s)`,
      {
        source: options.source,
        issues,
      },
    );
  }
  return compileLadder(doc);
}

/** Compiles a document that already passed the schema and checkLadder. */
export function compileLadder(doc: TrustLadderDocument): TrustLadder {
  const steps = new Map<Tier, PromotionStep>();
  for (const s of doc.promotion) {
    steps.set(s.from, {
      from: s.from,
      to: s.to,
      threshold: s.consecutiveSuccesses,
      windowUs: parseDuration(s.window) as number,
    });
  }
  return {
    name: doc.metadata.name,
    digest: canonicalDigest(doc),
    initialCeiling: doc.initialCeiling,
    maxAutoCeiling: doc.maxAutoCeiling,
    steps,
    streakBreakers: new Set(doc.streakBreakers),
    demotion: {
      outcomes: new Set(doc.demotion.outcomes),
      by: doc.demotion.by,
      cooldownUs: parseDuration(doc.demotion.cooldown) as number,
    },
    reset: { onModelChange: doc.reset.onModelChange, driftAbove: doc.reset.driftAbove },
    observedRuns: doc.novelClass?.observedRuns ?? DEFAULT_OBSERVED_RUNS,
    document: doc,
  };
}

// The rules a JSON Schema cannot state. Every problem is gathered, none stops the others.
function checkLadder(doc: TrustLadderDocument): Issue[] {
  const issues: Issue[] = [];
  const max = doc.maxAutoCeiling;
  if (tierRank(max) > tierRank('T2'))
    issues.push({
      code: 'auto_ceiling_too_high',
      path: '/maxAutoCeiling',
      message: 'T3 is never automatic: at most T2',
    });
  if (tierRank(doc.initialCeiling) > tierRank(max))
    issues.push({
      code: 'initial_above_max',
      path: '/initialCeiling',
      message: `is above maxAutoCeiling ${max}`,
    });
  let expectedFrom: Tier = doc.initialCeiling;
  doc.promotion.forEach((step, i) => {
    const at = pointer('promotion', i);
    if (step.from !== expectedFrom)
      issues.push({
        code: 'promotion_not_contiguous',
        path: `${at}/from`,
        message: `steps must climb one tier at a time from initialCeiling: expected from ${expectedFrom}`,
      });
    if (tierRank(step.to) !== tierRank(step.from) + 1)
      issues.push({
        code: 'promotion_not_contiguous',
        path: `${at}/to`,
        message: `must be the tier right above ${step.from}`,
      });
    if (tierRank(step.to) > tierRank(max))
      issues.push({
        code: 'promotion_above_max',
        path: `${at}/to`,
        message: `is above maxAutoCeiling ${max}`,
      });
    const window = parseDuration(step.window);
    if (window === undefined)
      issues.push({
        code: 'invalid_duration',
        path: `${at}/window`,
        message: 'is not a duration such as 90d or 12h',
      });
    else if (window === 0)
      issues.push({ code: 'empty_window', path: `${at}/window`, message: 'must be longer than 0' });
    expectedFrom = step.to;
  });
  if (parseDuration(doc.demotion.cooldown) === undefined)
    issues.push({
      code: 'invalid_duration',
      path: '/demotion/cooldown',
      message: 'is not a duration such as 30d or 12h',
    });
  doc.demotion.outcomes.forEach((outcome, i) => {
    if (!doc.streakBreakers.includes(outcome))
      issues.push({
        code: 'demotion_not_breaker',
        path: pointer('demotion', 'outcomes', i),
        message: `"${outcome}" demotes, so it must also be in streakBreakers`,
      });
  });
  return issues;
}
