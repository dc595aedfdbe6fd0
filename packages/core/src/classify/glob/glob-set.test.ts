import { describe, expect, test } from 'vitest';
import { compileGlob } from './compile-glob.js';
import { GlobSet } from './glob-set.js';

// Examples the random paths of the property test rarely hit: a segment exactly as long as
// the literal of a `*lit` or `lit*` segment (the `*` matching nothing), where a miss lowers a
// tier (`**/*.env` no longer sees `.env`).

function setOf(...globs: Array<string | [string, boolean]>): GlobSet {
  const set = new GlobSet();
  for (const [id, g] of globs.entries()) {
    const [glob, ignoreCase] = typeof g === 'string' ? [g, false] : g;
    set.add(id, compileGlob(glob, ignoreCase));
  }
  return set;
}

function matches(set: GlobSet, path: string): number[] {
  return set.match(path).sort((a, b) => a - b);
}

describe('GlobSet: a `*` that matches nothing', () => {
  test.each([
    ['*.env', '.env'],
    ['**/*.env', '.env'],
    ['**/*.env', 'config/.env'],
    ['secrets*', 'secrets'],
    ['**/secrets*', 'deploy/secrets'],
  ])('%s matches %s (the segment is exactly the literal)', (glob, path) => {
    expect(matches(setOf(glob), path)).toEqual([0]);
  });

  test.each([
    ['*.env', 'env'],
    ['*.env', '.en'],
    ['secrets*', 'secret'],
    ['*.env', 'a/.env'],
  ])('%s does not match %s', (glob, path) => {
    expect(matches(setOf(glob), path)).toEqual([]);
  });

  test('case-insensitive suffix and prefix globs match a segment exactly their literal, in any case', () => {
    const set = setOf(['**/*.ENV', true], ['Secrets*', true]);
    expect(matches(set, 'x/.env')).toEqual([0]);
    expect(matches(set, 'SECRETS')).toEqual([1]);
  });
});

describe('GlobSet: several globs at once', () => {
  test('reports every matching id once, whichever lookups found it', () => {
    const set = setOf('**/*.env', '*.env', '**', '.env', '.e*', '.{env,x}', '?env');
    expect(matches(set, '.env')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(matches(set, 'a/.env')).toEqual([0, 2]);
  });

  test('a glob added twice under one id is reported once', () => {
    const set = new GlobSet();
    set.add(0, compileGlob('*.env'));
    set.add(0, compileGlob('*.env'));
    expect(set.match('.env')).toEqual([0]);
  });
});
