import { describe, expect, it } from 'vitest';
import { validateEvent } from './validate-event.js';
import { loneSurrogateIssues } from './well-formed-strings.js';

describe('loneSurrogateIssues', () => {
  it('names every string and key with a lone surrogate by its pointer', () => {
    expect(loneSurrogateIssues({ a: 'ok é 😀', b: ['x\ud800'], 'c/\udc00': 1 }).map((i) => i.path)).toEqual([
      '/b/0',
      '/c~1\udc00',
    ]);
  });

  it('makes an event with one an input error, before any append tries to hash it', () => {
    const event = {
      type: 'CeilingSet',
      at: '2026-01-05T01:00:00Z',
      agent: 'dev-e',
      taskClass: 'docs-update',
      tier: 'T1',
      by: 'alice',
      reason: 'x\ud800',
    };
    const result = validateEvent(event);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.path])).toEqual([
      ['lone_surrogate', '/reason'],
    ]);
    expect(validateEvent({ ...event, reason: 'reviewed' }).ok).toBe(true);
  });
});
