import { describe, expect, test } from 'vitest';
import { TrustladderError } from '../errors.js';
import { normaliseChange } from './normalise-change.js';

// The facts a change becomes, field by field: what each rule reads, and the codes and pointers
// of what is refused.

function refusal(change: unknown): Array<[string, string]> {
  try {
    normaliseChange(change);
  } catch (e) {
    if (!(e instanceof TrustladderError)) throw e;
    expect(e.code).toBe('INVALID_INPUT');
    return e.issues.map((i) => [i.code, i.path]);
  }
  throw new Error('the change was accepted');
}

describe('normaliseChange: files', () => {
  test('a file is known under each of its normalised paths, once', () => {
    const [renamed, copied] = normaliseChange({
      files: [
        { path: 'src\\a.ts', previousPath: './old//a.ts', status: 'renamed' },
        { path: 'lib/./b.ts', previousPath: 'lib/b.ts', status: 'copied' },
      ],
    }).files;
    expect(renamed).toMatchObject({ at: '/files/0', paths: ['src/a.ts', 'old/a.ts'], status: 'renamed' });
    expect(copied).toMatchObject({ at: '/files/1', paths: ['lib/b.ts'], status: 'copied' });
  });

  test('every bad path is refused at once, with the code of its problem at its own key', () => {
    expect(
      refusal({
        files: [
          { path: 'ok.ts', status: 'added' },
          { path: '../up.ts', previousPath: '/abs.ts', status: 'renamed' },
          { path: 'a/\u200b.ts', status: 'added' },
        ],
      }),
    ).toEqual([
      ['path_escapes_root', '/files/1/path'],
      ['path_absolute', '/files/1/previousPath'],
      ['path_invisible', '/files/2/path'],
    ]);
  });

  test("a file's repo is its own, else the change's, else none", () => {
    const files = normaliseChange({
      repo: 'org/main',
      files: [
        { path: 'a', status: 'added', repo: 'org/other' },
        { path: 'b', status: 'added' },
      ],
    }).files;
    expect(files.map((f) => f.repo)).toEqual(['org/other', 'org/main']);
    expect(normaliseChange({ files: [{ path: 'a', status: 'added' }] }).files[0]?.repo).toBeNull();
  });

  test('a patch of exactly the bound is read; one unit longer is unknown', () => {
    const patch = '@@ -0,0 +1 @@\n+x\n';
    const at = (maxPatchLength: number) =>
      normaliseChange({ files: [{ path: 'a', status: 'added', patch }] }, { maxPatchLength }).files[0]?.added;
    expect(at(patch.length)).toEqual(['x']);
    expect(at(patch.length - 1)).toBeNull();
    // The default bound is a mebibyte: a 2 kB patch is read.
    const long = `@@ -0,0 +1 @@\n+${'x'.repeat(2048)}\n`;
    expect(normaliseChange({ files: [{ path: 'a', status: 'added', patch: long }] }).files[0]?.added).toEqual(
      ['x'.repeat(2048)],
    );
  });
});

describe('normaliseChange: the other facts', () => {
  test('a dependency carries its pointer, and null for each fact it does not give', () => {
    const { dependencies } = normaliseChange({
      files: [],
      dependencies: [
        { name: 'a', change: 'added' },
        { name: 'b', change: 'removed', ecosystem: 'npm', allowlisted: false, score: 0 },
      ],
    });
    expect(dependencies).toEqual([
      { at: '/dependencies/0', name: 'a', change: 'added', ecosystem: null, allowlisted: null, score: null },
      { at: '/dependencies/1', name: 'b', change: 'removed', ecosystem: 'npm', allowlisted: false, score: 0 },
    ]);
  });

  test('coverage is covered over changed lines; all lines covered is 1, none changed is unknown', () => {
    const ratio = (changedLines: number, coveredLines: number) =>
      normaliseChange({ files: [], coverage: { changedLines, coveredLines } }).coverageRatio;
    expect(ratio(4, 1)).toBe(0.25);
    expect(ratio(4, 4)).toBe(1);
    expect(ratio(0, 0)).toBeNull();
    expect(normaliseChange({ files: [] }).coverageRatio).toBeNull();
    expect(refusal({ files: [], coverage: { changedLines: 4, coveredLines: 5 } })).toEqual([
      ['coverage_inconsistent', '/coverage/coveredLines'],
    ]);
  });

  test('a service flag is set only when it is true; no service is unknown (null)', () => {
    expect(normaliseChange({ files: [], service: { slo: true } }).service).toEqual({
      slo: true,
      canary: false,
      killSwitch: false,
    });
    expect(normaliseChange({ files: [], service: { canary: true, killSwitch: true } }).service).toEqual({
      slo: false,
      canary: true,
      killSwitch: true,
    });
    expect(normaliseChange({ files: [] }).service).toBeNull();
  });

  test('labels default to none; rowsAffected to unknown (null), with or without data', () => {
    const bare = normaliseChange({ files: [] });
    expect([bare.labels, bare.rowsAffected, bare.repoCount]).toEqual([[], null, 0]);
    expect(normaliseChange({ files: [], data: {} }).rowsAffected).toBeNull();
    const full = normaliseChange({ files: [], labels: ['x'], data: { rowsAffected: 0 } });
    expect([full.labels, full.rowsAffected]).toEqual([['x'], 0]);
  });
});
