import { describe, expect, test } from 'vitest';
import { defaultAttestors } from '../testing/observer-harness.js';
import { combineLadderViews, type LadderView, tierLadderView } from './ladder-view.js';

const view = tierLadderView(defaultAttestors());

describe('tierLadderView', () => {
  test('says what each tier requires, and gives no levels', async () => {
    const t3 = await view.verdict({ namespace: 'payments', tier: 'T3' });
    expect(t3).toEqual({
      notes: [
        'blast-radius T3: admission requires images pinned by digest with attestations from agent-build (https://slsa.dev/provenance/v1), human-approval (https://trustladder.dev/attestations/approval/v1)',
      ],
    });
    expect((await view.verdict({ namespace: 'docs', tier: 'T0' })).notes).toEqual([
      'blast-radius T0: attestors.yaml requires no attestation',
    ]);
    expect((await view.verdict({ namespace: 'x', tier: 'unknown' })).notes[0]).toMatch(
      /^blast-radius unknown: /,
    );
  });
});

describe('combineLadderViews', () => {
  const fixed = (
    remediationLevel: string | undefined,
    trustLevel: number | undefined,
    note: string,
  ): LadderView => ({
    verdict: () => ({
      ...(remediationLevel === undefined ? {} : { remediationLevel }),
      ...(trustLevel === undefined ? {} : { trustLevel }),
      notes: [note],
    }),
  });

  test('the least autonomous level wins, and every note is kept', async () => {
    const v = combineLadderViews(
      fixed('automate', 4, 'a'),
      fixed('approve', 2, 'b'),
      fixed(undefined, 5, 'c'),
    );
    expect(await v.verdict({ namespace: 'p', tier: 'T3' })).toEqual({
      remediationLevel: 'approve',
      trustLevel: 2,
      notes: ['a', 'b', 'c'],
    });
  });

  test('an unrecognised remediation level counts as the lowest', async () => {
    const v = combineLadderViews(fixed('observe', undefined, 'a'), fixed('yolo', undefined, 'b'));
    expect((await v.verdict({ namespace: 'p', tier: 'T2' })).remediationLevel).toBe('yolo');
  });

  test('a failing view leaves a note, not a failure', async () => {
    const broken: LadderView = {
      verdict: async () => {
        throw new Error('ledger unavailable');
      },
    };
    const v = combineLadderViews(broken, fixed('observe', 0, 'ok'));
    expect(await v.verdict({ namespace: 'p', tier: 'T1' })).toEqual({
      remediationLevel: 'observe',
      trustLevel: 0,
      notes: ['a ladder view failed: ledger unavailable', 'ok'],
    });
  });
});
