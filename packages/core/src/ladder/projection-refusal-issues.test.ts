import { describe, expect, test } from 'vitest';
import { compileLadder } from './load-trust-ladder.js';
import { ceilingSet, DEFAULT_LADDER, day, Feeder, run } from './testing/ladder-fixtures.js';

// An event the fold refuses says why as an issue a caller can act on: its code and the JSON
// pointer of the field at fault (the CLI prints the pointer; a store maps the code).

function refusal(code: string, issue: string, path: string) {
  return expect.objectContaining({
    name: 'TrustladderError',
    code,
    issues: [{ code: issue, path, message: expect.any(String) }],
  });
}

describe('each refusal of an event names its issue and the field at fault', () => {
  test('an `at` that is no RFC 3339 UTC instant: invalid_instant at /at', () => {
    const f = new Feeder();
    expect(() => f.feed(run('2026-02-30T00:00:00Z', 'T0'))).toThrow(
      refusal('INVALID_INPUT', 'invalid_instant', '/at'),
    );
  });

  test('an `at` older than the newest event: older_event at /at', () => {
    const f = new Feeder();
    f.feed(run(day(1), 'T0'));
    expect(() => f.feed(run(day(0), 'T0'))).toThrow(refusal('LEDGER_ORDER', 'older_event', '/at'));
  });

  test('a CeilingSet above maxAutoCeiling: above_max_auto_ceiling at /tier', () => {
    const f = new Feeder(compileLadder({ ...DEFAULT_LADDER.document, maxAutoCeiling: 'T1', promotion: [] }));
    expect(() => f.feed(ceilingSet(day(0), 'T2'))).toThrow(
      refusal('INVALID_INPUT', 'above_max_auto_ceiling', '/tier'),
    );
  });
});
