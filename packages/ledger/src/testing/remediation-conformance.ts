import {
  foldRemediation,
  type InputEvent,
  loadRemediationLadder,
  type RemediationRequest,
  RemediationState,
  requestedEvent,
} from '@trustladder/core';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { LedgerError } from '../errors.js';
import { Ledger } from '../ledger.js';
import { REMEDIATION_KIND, snapshotText } from '../remediation-projection.js';
import { verifyStore } from '../verify.js';
import { all, rejection } from './async.js';
import { at, success } from './events.js';
import { LADDER, type StoreFixture, type StoreHarness } from './harness.js';

// The remediation projection on every store: written in the append's transaction by appends
// that name the ladder, caught up by readers after appends that do not, always equal to the
// fold of the whole log, and compared by verify.

const REMEDIATION = loadRemediationLadder(`
apiVersion: trustladder.dev/v1
kind: RemediationLadder
metadata: { name: conformance }
agent: kubernaut
holdPeriod: 1h
approval: { defaultExpiry: 15m }
graduation:
  promote: { dryRuns: 2, approvals: 2, assessments: 1, effectiveness: 0.5 }
workflows:
  - { workflow: restart-pod-v1, level: approve }
  - { workflow: restart-pod-v1, environment: staging, level: automate }
  - { workflow: memory-v1, level: observe, automaticMoves: true, maxAutoLevel: selective }
`);

type Step =
  | { kind: 'request'; workflow: string; environment: string; fingerprint: string }
  | { kind: 'decide'; pick: number; decision: 'Approved' | 'Rejected' | 'Expired'; by: string }
  | { kind: 'assess'; pick: number; score: number }
  | { kind: 'move'; to: 'observe' | 'selective' | 'approve' | 'automate' }
  | { kind: 'ceiling' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('request' as const),
    workflow: fc.constantFrom('restart-pod-v1', 'memory-v1', 'new-v1'),
    environment: fc.constantFrom('production', 'staging'),
    fingerprint: fc.constantFrom('f1', 'f2'),
  }),
  fc.record({
    kind: fc.constant('decide' as const),
    pick: fc.nat(),
    decision: fc.constantFrom('Approved' as const, 'Rejected' as const, 'Expired' as const),
    by: fc.constantFrom('alice', 'kubernaut'),
  }),
  fc.record({ kind: fc.constant('assess' as const), pick: fc.nat(), score: fc.constantFrom(0.2, 0.9) }),
  fc.record({
    kind: fc.constant('move' as const),
    to: fc.constantFrom('observe' as const, 'selective' as const, 'approve' as const, 'automate' as const),
  }),
  fc.record({ kind: fc.constant('ceiling' as const) }),
);

/** Turns steps into events a minute apart, deciding requests honestly against `truth`. */
function eventsOf(steps: readonly Step[], truth: RemediationState, clock: { t: number }): InputEvent[] {
  const events: InputEvent[] = [];
  for (const s of steps) {
    clock.t += 60;
    const when = at(clock.t);
    const ids = truth.allRequests().map((r) => r.requestId);
    const pick = (n: number) => (ids.length === 0 ? 'none' : (ids[n % ids.length] as string));
    let e: InputEvent;
    if (s.kind === 'request') {
      const r: RemediationRequest = {
        requestId: `r${clock.t}`,
        at: when,
        fingerprint: s.fingerprint,
        workflow: s.workflow,
        target: { kind: 'Deployment', name: 'api', namespace: 'shop' },
        environment: s.environment,
        confidence: 0.9,
      };
      e = requestedEvent('kubernaut', r, truth.decide(r));
    } else if (s.kind === 'decide')
      e = {
        type: 'RemediationDecided',
        agent: 'kubernaut',
        at: when,
        requestId: pick(s.pick),
        decision: s.decision,
        by: s.by,
      };
    else if (s.kind === 'assess')
      e = {
        type: 'RemediationAssessed',
        agent: 'kubernaut',
        at: when,
        requestId: pick(s.pick),
        score: s.score,
      };
    else if (s.kind === 'move')
      e = {
        type: 'RemediationLevelMoved',
        agent: 'kubernaut',
        at: when,
        scope: 'restart-pod-v1',
        from: truth.levelOf('restart-pod-v1'),
        to: s.to,
        by: 'alice',
        reason: 'test',
      };
    else e = success(clock.t);
    truth.apply(e);
    events.push(e);
  }
  return events;
}

export function defineRemediationSuite(harness: StoreHarness): void {
  describe(`${harness.name} store: the remediation projection`, () => {
    const fixtures: StoreFixture[] = [];
    const make = async () => {
      const fx = await harness.create();
      fixtures.push(fx);
      return fx;
    };
    afterEach(async () => {
      for (const f of fixtures.splice(0)) await f.cleanup();
    });

    async function logFold(fx: StoreFixture): Promise<RemediationState> {
      return foldRemediation(
        REMEDIATION,
        (await all(fx.store.read())).map((r) => r.event),
      );
    }

    test('equals the fold of the log after any appends, with or without the ladder, and verifies', async () => {
      const runs = Number(process.env.TRUSTLADDER_PROP_RUNS_STORE ?? 15);
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({ steps: fc.array(step, { minLength: 1, maxLength: 6 }), named: fc.boolean() }),
            {
              minLength: 1,
              maxLength: 6,
            },
          ),
          async (batches) => {
            const fx = await make();
            const ledger = new Ledger(fx.store, LADDER);
            const truth = new RemediationState(REMEDIATION);
            const clock = { t: 0 };
            for (const b of batches) {
              const events = eventsOf(b.steps, truth, clock);
              await ledger.record(events, b.named ? { remediation: REMEDIATION } : {});
            }
            const view = await ledger.remediation(REMEDIATION);
            expect(snapshotText(view.state)).toBe(snapshotText(await logFold(fx)));
            expect(view.head).toEqual(await fx.store.head());
            // The row is current exactly when the last append named the ladder.
            const lastNamed = batches[batches.length - 1]?.named === true;
            if (lastNamed) expect([view.source, view.caughtUp]).toEqual(['stored', 0]);
            else if (batches.some((b) => b.named)) expect(view.source).toBe('stored');
            else expect(view.source).toBe('replay');
            expect((await verifyStore(fx.store, LADDER)).issues).toEqual([]);
            await fx.cleanup();
            fixtures.splice(fixtures.indexOf(fx), 1);
          },
        ),
        { numRuns: runs, seed: Number(process.env.TRUSTLADDER_PROP_SEED ?? 20261122) },
      );
    }, 120_000);

    // The probe: the projection row changed directly in the database.
    async function recorded(): Promise<StoreFixture> {
      const fx = await make();
      const ledger = new Ledger(fx.store, LADDER);
      const truth = new RemediationState(REMEDIATION);
      const clock = { t: 0 };
      const steps: Step[] = [
        { kind: 'request', workflow: 'restart-pod-v1', environment: 'staging', fingerprint: 'f1' },
        { kind: 'assess', pick: 0, score: 0.9 },
        { kind: 'request', workflow: 'restart-pod-v1', environment: 'production', fingerprint: 'f2' },
      ];
      for (const s of steps) await ledger.record(eventsOf([s], truth, clock), { remediation: REMEDIATION });
      expect((await verifyStore(fx.store, LADDER)).issues).toEqual([]);
      return fx;
    }

    test('a changed projection row fails verify (its state, its head, its ladder, its JSON)', async () => {
      const cases: [string, (value: string) => string, RegExp][] = [
        [
          'state',
          (v) => v.replace(/"newestAt":"[^"]+"/, '"newestAt":"2026-03-01T00:09:00Z"'),
          /differs from the fold of the log up to seq 3/,
        ],
        [
          'head',
          (v) => v.replace(/("head":\{"seq":3,"hash":"sha256:)[0-9a-f]{64}/, `$1${'0'.repeat(64)}`),
          /reflects sha256:0{64} at seq 3/,
        ],
        [
          'beyond',
          (v) => v.replace('"head":{"seq":3', '"head":{"seq":9'),
          /reflects seq 9, the log ends at seq 3/,
        ],
        [
          'ladder',
          (v) => v.replace('"level":"approve"', '"level":"automate"'),
          /is not the one its key names/,
        ],
        ['json', (v) => v.slice(0, 20), /is damaged \(not JSON\)/],
      ];
      for (const [name, change, message] of cases) {
        const fx = await recorded();
        const changed = (v: string) => {
          const w = change(v);
          expect(w, name).not.toBe(v);
          return w;
        };
        expect(await fx.tamperRecord(REMEDIATION_KIND, changed), name).toBe(true);
        const report = await verifyStore(fx.store, LADDER);
        expect(report.ok, name).toBe(false);
        expect(
          report.issues.map((i) => i.code),
          name,
        ).toEqual(['projection_mismatch']);
        expect(report.issues[0]?.message, name).toMatch(message);
      }
    });

    test('a reader resumes from a damaged row never: CORRUPT, or a fold from the start', async () => {
      const fx = await recorded();
      await fx.tamperRecord(REMEDIATION_KIND, (v) => v.slice(0, 20));
      const e = await rejection(new Ledger(fx.store, LADDER).remediation(REMEDIATION));
      expect(e).toBeInstanceOf(LedgerError);
      expect((e as LedgerError).code).toBe('CORRUPT');
      // A row claiming a head past the log's end is ignored: the log is folded again.
      const other = await recorded();
      await other.tamperRecord(REMEDIATION_KIND, (v) => v.replace('"head":{"seq":3', '"head":{"seq":9'));
      const view = await new Ledger(other.store, LADDER).remediation(REMEDIATION);
      expect(view.source).toBe('replay');
      expect(snapshotText(view.state)).toBe(snapshotText(await logFold(other)));
    });
  });
}
