import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { arbitraryPatch, BLOCK_HEADERS, CONTENT_PATTERNS } from '../testing/index.js';
import { propConfig } from '../testing/prop-config.js';
import { readPatch } from './added-lines.js';
import { classify } from './classify.js';
import { compileBlastRadiusPolicy } from './compile-policy.js';
import type { Condition } from './policy-document.types.js';

// What the two content options may do. notWithin only ever leaves lines out, so it can turn a
// match into no match, never the reverse; lines: changed only ever adds the removed lines.
// And the scopes they rest on: each added line's enclosing lines are earlier non-blank lines
// of the same hunk, indented less, outermost first.

const config = propConfig(1000);
const indent = (text: string) => /^[ \t]*/.exec(text)?.[0].length ?? 0;

function stateOf(
  content: NonNullable<Extract<Condition, { files: unknown }>['files']['content']>,
  patch: string,
) {
  const policy = compileBlastRadiusPolicy({
    apiVersion: 'trustladder.dev/v1',
    kind: 'BlastRadiusPolicy',
    metadata: { name: 'p' },
    default: 'T0',
    rules: [{ id: 'r', tier: 'T3', description: 'r', when: { files: { paths: ['**'], content } } }],
  });
  return (
    classify(policy, { files: [{ path: 'a/m.ts', status: 'modified', patch }] }).matches[0]?.state ?? 'false'
  );
}

const pattern = fc.constantFrom(...CONTENT_PATTERNS);
const headers = fc.uniqueArray(fc.constantFrom(...BLOCK_HEADERS), { minLength: 1, maxLength: 3 });

describe('content options', () => {
  test('notWithin never makes a predicate true that is false without it', () => {
    fc.assert(
      fc.property(pattern, headers, fc.boolean(), arbitraryPatch(), (p, notWithin, ignoreCase, patch) => {
        if (stateOf({ pattern: p, ignoreCase, notWithin }, patch) === 'true')
          expect(stateOf({ pattern: p, ignoreCase }, patch)).toBe('true');
      }),
      config,
    );
  });

  test('notWithin leaves out exactly the added lines that a matching header encloses', () => {
    fc.assert(
      fc.property(pattern, headers, arbitraryPatch(), (p, notWithin, patch) => {
        const { added, scopes } = readPatch(patch);
        const re = new RegExp(p, 'u');
        const within = notWithin.map((h) => new RegExp(h, 'u'));
        const expected = added.some(
          (line, i) => re.test(line) && !(scopes[i] ?? []).some((h) => within.some((w) => w.test(h))),
        );
        // A modified file whose patch changes no line has unknown content (normalise-change.ts).
        const unreadable = added.length === 0 && readPatch(patch).removed.length === 0;
        expect(stateOf({ pattern: p, notWithin }, patch)).toBe(
          unreadable ? 'unknown' : expected ? 'true' : 'false',
        );
      }),
      config,
    );
  });

  test('lines: changed is true whenever lines: added is, and reads nothing but the patch lines', () => {
    fc.assert(
      fc.property(pattern, arbitraryPatch(), (p, patch) => {
        const added = stateOf({ pattern: p }, patch);
        const changed = stateOf({ pattern: p, lines: 'changed' }, patch);
        if (added === 'true') expect(changed).toBe('true');
        const { added: plus, removed } = readPatch(patch);
        const re = new RegExp(p.replace('(?i)', ''), 'u');
        const lines = [...plus, ...removed];
        expect(changed).toBe(
          lines.length === 0 ? 'unknown' : lines.some((l) => re.test(l)) ? 'true' : 'false',
        );
      }),
      config,
    );
  });

  test('an added line is enclosed only by earlier, less indented, non-blank lines of its own hunk', () => {
    fc.assert(
      fc.property(arbitraryPatch(), (patch) => {
        const { added, scopes } = readPatch(patch);
        expect(scopes).toHaveLength(added.length);
        // Each hunk's new side, in order: the lines a scope may name.
        const hunks = patch.split(/^(?=@@ )/m).map((h) =>
          h
            .split('\n')
            .slice(1)
            .filter((l) => l.startsWith(' ') || l.startsWith('+')),
        );
        let cursor = 0;
        for (const hunk of hunks) {
          const seen: string[] = [];
          for (const line of hunk) {
            const text = line.slice(1);
            if (line.startsWith('+')) {
              const scope = scopes[cursor] as string[];
              expect(added[cursor]).toBe(text);
              if (text.trim() === '') expect(scope).toEqual([]);
              let last = -1;
              for (const header of scope) {
                expect(seen).toContain(header);
                expect(header.trim()).not.toBe('');
                expect(indent(header)).toBeGreaterThan(last);
                expect(indent(header)).toBeLessThan(indent(text));
                last = indent(header);
              }
              cursor++;
            }
            seen.push(text);
          }
        }
        expect(cursor).toBe(added.length);
      }),
      config,
    );
  });
});
