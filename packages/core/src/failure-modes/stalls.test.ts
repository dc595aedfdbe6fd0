import { describe, expect, test } from 'vitest';
import { TrustladderError } from '../errors.js';
import type { LedgerEvent, RunProgressed } from '../ladder/event.types.js';
import { validateEvent } from '../ladder/validate-event.js';
import { findStalls } from './stalls.js';

const HOUR = 3_600_000_000;
const beat = (at: string, extra: Partial<RunProgressed> = {}): RunProgressed => ({
  type: 'RunProgressed',
  at,
  agent: 'dev-e',
  taskId: 'task-1',
  taskClass: 'ui-change',
  tier: 'T1',
  status: 'ok',
  ...extra,
});
const options = { at: '2026-04-02T12:00:00Z', stallAfterUs: 2 * HOUR, failuresInARow: 3 };

describe('findStalls (the stall guard)', () => {
  test('a run silent for longer than the stall time escalates one tier up', () => {
    const [s, ...rest] = findStalls([beat('2026-04-02T09:59:59Z')], options);
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ taskId: 'task-1', trigger: 'stall', lastProgress: '2026-04-02T09:59:59Z' });
    expect(s?.event).toMatchObject({
      type: 'EscalationRequired',
      tier: 'T1',
      requiredTier: 'T2',
      trigger: 'stall',
    });
    expect(validateEvent(s?.event).ok).toBe(true);
  });

  test('exactly at the stall time is not yet a stall; a finished run never is', () => {
    expect(findStalls([beat('2026-04-02T10:00:00Z')], options)).toEqual([]);
    const done: LedgerEvent = {
      type: 'RunCompleted',
      at: '2026-04-02T10:30:00Z',
      agent: 'dev-e',
      taskClass: 'ui-change',
      tier: 'T1',
      outcome: 'success',
      taskId: 'task-1',
    };
    expect(findStalls([beat('2026-04-01T00:00:00Z'), done], options)).toEqual([]);
  });

  test('three failing heartbeats in a row on work above the tier escalate to the work tier', () => {
    const failing = (at: string) => beat(at, { status: 'failing', workTier: 'T3' });
    const events = [
      failing('2026-04-02T11:00:00Z'),
      failing('2026-04-02T11:10:00Z'),
      failing('2026-04-02T11:20:00Z'),
    ];
    expect(findStalls(events, options)).toMatchObject([
      { trigger: 'repeated-failure', event: { requiredTier: 'T3', trigger: 'repeated-failure' } },
    ]);
    // Two are not enough; an ok heartbeat, or failing within the tier, starts the count again.
    expect(findStalls(events.slice(0, 2), options)).toEqual([]);
    const broken = [events[0], beat('2026-04-02T11:05:00Z'), events[1], events[2]] as LedgerEvent[];
    expect(findStalls(broken, options)).toEqual([]);
    const within = events.map((e) => ({ ...e, workTier: 'T1' as const }));
    expect(findStalls(within, options)).toEqual([]);
  });

  test('a run already escalated since its last heartbeat is not escalated again', () => {
    const escalated: LedgerEvent = {
      type: 'EscalationRequired',
      at: '2026-04-02T11:00:00Z',
      agent: 'dev-e',
      taskId: 'task-1',
      taskClass: 'ui-change',
      tier: 'T1',
      requiredTier: 'T2',
      context: 'stalled',
    };
    expect(findStalls([beat('2026-04-02T08:00:00Z'), escalated], options)).toEqual([]);
    expect(
      findStalls([beat('2026-04-02T08:00:00Z'), escalated, beat('2026-04-02T09:00:00Z')], options),
    ).toHaveLength(1);
  });

  test('a stalled T3 run is reported without an event (nothing is above T3; a human drives it)', () => {
    expect(findStalls([beat('2026-04-01T00:00:00Z', { tier: 'T3' })], options)).toMatchObject([
      { tier: 'T3', event: null },
    ]);
  });

  test('bad options are refused', () => {
    expect(() => findStalls([], { ...options, stallAfterUs: 0 })).toThrow(TrustladderError);
    expect(() => findStalls([], { ...options, failuresInARow: 0 })).toThrow(TrustladderError);
    expect(() => findStalls([], { ...options, at: 'now' })).toThrow(TrustladderError);
  });
});
