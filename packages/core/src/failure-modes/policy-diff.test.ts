import { describe, expect, test } from 'vitest';
import { loadBlastRadiusPolicy } from '../classify/index.js';
import { diffPolicies } from './policy-diff.js';

const policy = (rules: string) =>
  loadBlastRadiusPolicy(
    `apiVersion: trustladder.dev/v1\nkind: BlastRadiusPolicy\nmetadata: { name: p }\ndefault: T1\nrules:\n${rules}`,
  );
const AUTH = `  - { id: t3-auth, tier: T3, description: auth, when: { files: { paths: ["**/auth/**"] } } }\n`;
const DOCS = `  - { id: t0-docs, tier: T0, description: docs, when: { allFiles: { paths: ["docs/**"] } } }\n`;
const before = policy(AUTH + DOCS);
// The auth rule dropped: a session change falls from T3 (the dangerous direction).
const weaker = policy(DOCS);
const session = {
  repo: 'acme/app',
  files: [{ path: 'src/auth/session.ts', status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b\n' }],
};
const docs = { repo: 'acme/app', files: [{ path: 'docs/a.md', status: 'modified' }] };

describe('diffPolicies', () => {
  test('the same policy moves nothing', () => {
    const d = diffPolicies(before, before, [
      { name: 'session', change: session },
      { name: 'docs', change: docs },
    ]);
    expect(d.moved).toEqual({ up: 0, down: 0, same: 2 });
    expect(d.before).toEqual(d.after);
  });

  test('a weakened policy shows which changes move down, with the rules before and after', () => {
    const d = diffPolicies(before, weaker, [
      { name: 'session', change: session },
      { name: 'docs', change: docs },
    ]);
    expect(d.before.digest).not.toBe(d.after.digest);
    const row = d.rows.find((r) => r.input === 'session');
    expect(row?.before).toBe('T3');
    expect(row?.move).toBe('down');
    expect(row?.beforeRules).toContain('t3-auth');
    expect(row?.afterRules).not.toContain('t3-auth');
    expect(d.rows.find((r) => r.input === 'docs')?.move).toBe('same');
    expect(d.moved.down).toBe(1);
    // And the other way round, the same change moves up.
    expect(diffPolicies(weaker, before, [{ name: 'session', change: session }]).rows[0]?.move).toBe('up');
  });
});
