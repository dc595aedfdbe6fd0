import { describe, expect, test } from 'vitest';
import type { Tier } from '../tier.js';
import { compileBlastRadiusPolicy } from './compile-policy.js';
import type { NormalisedChange, NormalisedFile } from './compiled.types.js';
import { evaluateNodes, evaluateNormalised } from './evaluate.js';
import { normaliseChange } from './normalise-change.js';
import type { Condition } from './policy-document.types.js';

// What each node's outcome explains: which paths (surfaces) and which missing facts
// (unknown pointers) it names. A classification reports a rule's explanation, so a node that
// names a path it did not match, or a fact it did not lack, misleads the reader of a tier.

function policyOf(when: Condition, tier: Tier = 'T3') {
  return compileBlastRadiusPolicy({
    apiVersion: 'trustladder.dev/v1',
    kind: 'BlastRadiusPolicy',
    metadata: { name: 'explanations' },
    default: 'T0',
    rules: [{ id: 'r', description: 'rule', tier, when }],
  });
}

const ts: Condition = { files: { paths: ['**/*.ts'] } };
const unknownService: Condition = { service: { has: ['slo'] } };
const trueRepos: Condition = { repos: { min: 1 } };

function rootOutcome(when: Condition, change: unknown) {
  return evaluateNodes(policyOf(when), normaliseChange(change))[0];
}

describe('allFiles', () => {
  test('a change where only some files match is false and names none of them', () => {
    const outcome = rootOutcome(
      { allFiles: { paths: ['**/*.ts'] } },
      {
        files: [
          { path: 'a.ts', status: 'modified' },
          { path: 'b.md', status: 'modified' },
        ],
      },
    );
    expect(outcome).toEqual({ state: 'false', surfaces: [], unknown: [] });
  });

  test('a change where some files match and others lack their patch is false, naming nothing', () => {
    const outcome = rootOutcome(
      { allFiles: { paths: ['**/*.ts'], content: { pattern: 'x' } } },
      {
        files: [
          { path: 'a.ts', status: 'modified', patch: '@@ -1 +1 @@\n-y\n+x\n' },
          { path: 'b.ts', status: 'modified' },
          { path: 'c.md', status: 'modified' },
        ],
      },
    );
    expect(outcome).toEqual({ state: 'false', surfaces: [], unknown: [] });
  });
});

describe('combinators', () => {
  const change = {
    files: [{ path: 'src/a.ts', status: 'modified' }],
  };

  test('a true anyOf names only its true operands, not an unknown one', () => {
    expect(rootOutcome({ anyOf: [ts, unknownService] }, change)).toEqual({
      state: 'true',
      surfaces: ['src/a.ts'],
      unknown: [],
    });
  });

  test('an unknown allOf names the paths of its true operands and the facts of its unknown ones', () => {
    expect(rootOutcome({ allOf: [ts, unknownService] }, change)).toEqual({
      state: 'unknown',
      surfaces: ['src/a.ts'],
      unknown: ['/service'],
    });
  });

  test('an unknown anyOf names the facts of its unknown operands, nothing of its false ones', () => {
    const md: Condition = { files: { paths: ['**/*.md'] } };
    expect(rootOutcome({ anyOf: [md, unknownService] }, change)).toEqual({
      state: 'unknown',
      surfaces: [],
      unknown: ['/service'],
    });
  });

  test('a true not names nothing: its operand is false', () => {
    const md: Condition = { files: { paths: ['**/*.md'] } };
    expect(rootOutcome({ not: md }, change)).toEqual({ state: 'true', surfaces: [], unknown: [] });
  });

  test('an unknown not names its operand’s missing facts', () => {
    expect(rootOutcome({ not: unknownService }, change)).toEqual({
      state: 'unknown',
      surfaces: [],
      unknown: ['/service'],
    });
  });

  test('a leaf that is known lacks no fact, whichever way it goes', () => {
    for (const when of [
      trueRepos,
      { repos: { min: 2 } },
      { coverage: { below: 0.5 } },
      { labels: { anyOf: ['x'] } },
    ] satisfies Condition[]) {
      const outcome = rootOutcome(when, { ...change, coverage: { changedLines: 4, coveredLines: 1 } });
      expect(outcome?.unknown).toEqual([]);
      expect(outcome?.surfaces).toEqual([]);
    }
  });
});

describe('content over lines: changed, on a file built by hand', () => {
  // normaliseChange gives removed lines whenever it gives added ones; a caller of
  // evaluateNormalised may build a file that does not, and then what was removed is unknown.
  const when: Condition = { files: { paths: ['**'], content: { pattern: 'secret', lines: 'changed' } } };
  const policy = policyOf(when);
  const base = normaliseChange({
    files: [{ path: 'a.txt', status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b\n' }],
  });
  const withFile = (file: Partial<NormalisedFile>): NormalisedChange => ({
    ...base,
    files: [{ ...(base.files[0] as NormalisedFile), ...file }],
  });

  test('no removed lines given is unknown, not "nothing removed"', () => {
    const c = evaluateNormalised(policy, withFile({ added: ['b'], scopes: [[]], removed: null }));
    expect(c.matches).toEqual([expect.objectContaining({ state: 'unknown', unknown: ['/files/0/patch'] })]);
    expect(c.tier).toBe('T3');
  });

  test('an added line that matches decides it whatever the removed lines are', () => {
    const c = evaluateNormalised(policy, withFile({ added: ['secret'], scopes: [[]], removed: null }));
    expect(c.matches).toEqual([expect.objectContaining({ state: 'true', unknown: [] })]);
  });

  test('removed lines given and none matching is false', () => {
    const c = evaluateNormalised(policy, withFile({ added: ['b'], scopes: [[]], removed: ['a'] }));
    expect(c.matches).toEqual([]);
    expect(c.tier).toBe('T0');
  });

  test('lines: added never reads the removed lines', () => {
    const added = policyOf({ files: { paths: ['**'], content: { pattern: 'secret' } } });
    const c = evaluateNormalised(added, withFile({ added: ['b'], scopes: [[]], removed: null }));
    expect(c.matches).toEqual([]);
  });
});
