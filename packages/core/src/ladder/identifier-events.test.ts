import { describe, expect, test } from 'vitest';
import { validateEvent } from './validate-event.js';

const MODEL = { type: 'ModelChanged', at: '2026-05-01T00:00:00Z', agent: 'dev-e', from: 'a', to: 'b' };
const codesAt = (value: unknown, path: string) => {
  const r = validateEvent(value);
  return r.ok ? [] : r.issues.filter((i) => i.path === path).map((i) => i.code);
};

describe('identifiers in ledger events', () => {
  test('an agent name with a zero-width, bidi or control character is refused at its pointer', () => {
    expect(codesAt({ ...MODEL, agent: 'dev-\u200be' }, '/agent')).toContain('identifier_invisible');
    expect(codesAt({ ...MODEL, agent: 'dev-\u202ee' }, '/agent')).toContain('identifier_bidi');
    expect(
      codesAt(
        {
          type: 'CeilingSet',
          at: MODEL.at,
          agent: 'a',
          taskClass: 'x\u0007',
          tier: 'T1',
          by: 'al\u2060ice',
          reason: 'r',
        },
        '/by',
      ),
    ).toContain('identifier_invisible');
  });

  test('a name in NFD is not a second subject: it is refused, so a reset cannot miss its agent', () => {
    expect(validateEvent({ ...MODEL, agent: 'cafe\u0301' }).ok).toBe(false);
    expect(validateEvent({ ...MODEL, agent: 'caf\u00e9' }).ok).toBe(false);
    expect(validateEvent(MODEL).ok).toBe(true);
  });
});
