import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isTrustladderError } from '../errors.js';
import { LedgerProjection } from './projection.js';
import { arbitraryLedger } from './testing/event-arbitraries.js';

const numRuns = Number(process.env.TRUSTLADDER_PROP_RUNS ?? 1000);
const seed = Number(process.env.TRUSTLADDER_PROP_SEED ?? 20261129);
const params = { numRuns, seed };

// A store keeps the fold as per-subject snapshots and resumes from the ones an append touches.
// That is only sound if resuming is indistinguishable from having folded all along.
describe('resuming the fold from snapshots', () => {
  test('a projection restored from the touched agents folds the rest exactly as the full fold', () => {
    fc.assert(
      fc.property(arbitraryLedger(), fc.nat(), ({ ladder, events }, cut) => {
        const split = events.length === 0 ? 0 : cut % (events.length + 1);
        const full = new LedgerProjection(ladder);
        for (const e of events.slice(0, split)) full.apply(e);
        const rest = events.slice(split);
        const touched = new Set(rest.map((e) => e.agent));
        const all = new Set(full.snapshots().map((s) => s.agent));
        const resumed = LedgerProjection.restore(ladder, full.snapshots(touched), {
          newestAt: full.newestAt ?? null,
          knownAgents: all,
        });
        for (const a of all) expect(resumed.knowsAgent(a)).toBe(true);
        for (const e of rest) {
          let expected: unknown;
          let actual: unknown;
          try {
            expected = full.apply(e);
          } catch (err) {
            expected = isTrustladderError(err) ? err.code : err;
          }
          try {
            actual = resumed.apply(e);
          } catch (err) {
            actual = isTrustladderError(err) ? err.code : err;
          }
          expect(actual).toEqual(expected);
        }
        expect(resumed.snapshots(touched)).toEqual(full.snapshots(touched));
        for (const s of resumed.states()) expect(s).toEqual(full.subject(s.agent, s.taskClass));
      }),
      params,
    );
  });

  test('a snapshot round-trips through JSON', () => {
    fc.assert(
      fc.property(arbitraryLedger(), ({ ladder, events }) => {
        const p = new LedgerProjection(ladder);
        for (const e of events) p.apply(e);
        const stored = JSON.parse(JSON.stringify(p.snapshots()));
        const back = LedgerProjection.restore(ladder, stored, { newestAt: p.newestAt ?? null });
        expect(back.states()).toEqual(p.states());
        expect(back.newestAt).toEqual(p.newestAt);
        // At a ceiling without a promotion step the streak is a count: a row's size never
        // grows with it (what keeps a gate's read O(subjects) on a long-lived ledger).
        for (const snap of p.snapshots()) {
          const streak = p.subject(snap.agent, snap.taskClass).streak;
          if (ladder.steps.has(snap.ceiling))
            expect([snap.runs.length, snap.untimedStreak]).toEqual([streak, undefined]);
          else expect([snap.runs, snap.untimedStreak ?? 0]).toEqual([[], streak]);
        }
      }),
      params,
    );
  });

  test('a row written before untimed streaks were counted ([null, id] runs) restores to the same state', () => {
    fc.assert(
      fc.property(arbitraryLedger(), ({ ladder, events }) => {
        const p = new LedgerProjection(ladder);
        for (const e of events) p.apply(e);
        const old = p.snapshots().map(({ untimedStreak, ...rest }) =>
          untimedStreak === undefined
            ? rest
            : {
                ...rest,
                runs: Array.from({ length: untimedStreak }, (_, i) => [null, `old-${i}`] as const),
              },
        );
        const back = LedgerProjection.restore(ladder, old, { newestAt: p.newestAt ?? null });
        expect(back.snapshots()).toEqual(p.snapshots());
      }),
      params,
    );
  });

  test('a malformed snapshot is refused, never folded on', () => {
    const [ladderOnly] = fc.sample(arbitraryLedger(), { seed: 1, numRuns: 1 });
    const ladder = (ladderOnly as { ladder: LedgerProjection['ladder'] }).ladder;
    const good = {
      agent: 'a',
      taskClass: 'c',
      ceiling: 'T1',
      runs: [],
      cooldownUntil: null,
      violations: 0,
      quarantined: null,
    } as const;
    // Refused on restore, or (a streak's times, parsed when first used) before any fold or
    // snapshot uses them.
    for (const bad of [
      { ...good, ceiling: 'T9' },
      { ...good, runs: [['not a time', 'x']] },
      { ...good, cooldownUntil: 'soon' },
      { ...good, violations: -1 },
      { ...good, untimedStreak: -1 },
      { ...good, untimedStreak: 1.5 },
      { ...good, runs: 'x' },
    ])
      expect(() => LedgerProjection.restore(ladder, [bad as never], { newestAt: null }).snapshots()).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT' }),
      );
    expect(() => LedgerProjection.restore(ladder, [], { newestAt: 'yesterday' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});
