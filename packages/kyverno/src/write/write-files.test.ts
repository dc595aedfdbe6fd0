import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { KyvernoError } from '../errors.js';
import { GENERATED_MARKER } from '../generate/generate.js';
import { writeGeneratedFiles } from './write-files.js';

const gen = (path: string, body = 'x: 1\n') => ({ path, content: `${GENERATED_MARKER} test\n${body}` });
const tmp = () => mkdtempSync(join(tmpdir(), 'trustladder-kyverno-'));

describe('writeGeneratedFiles', () => {
  test('writes every file, creating directories, and leaves no temporary file', () => {
    const dir = tmp();
    writeGeneratedFiles(dir, [gen('a.yaml'), gen('.kyverno-test/p/s/kyverno-test.yaml')]);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toContain('x: 1');
    expect(existsSync(join(dir, '.kyverno-test/p/s/kyverno-test.yaml'))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  test('removes files an earlier run generated that this one does not, and keeps foreign files', () => {
    const dir = tmp();
    writeGeneratedFiles(dir, [gen('a.yaml'), gen('old.yaml'), gen('.kyverno-test/old/s/kyverno-test.yaml')]);
    writeFileSync(join(dir, 'README.md'), 'mine');
    writeFileSync(join(dir, 'extra.yaml'), 'kind: ConfigMap\n');
    const report = writeGeneratedFiles(dir, [gen('a.yaml', 'x: 2\n')]);
    expect([...report.removed].sort()).toEqual(['.kyverno-test/old/s/kyverno-test.yaml', 'old.yaml']);
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'a.yaml', 'extra.yaml']);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toContain('x: 2');
  });

  test('leaves the old files whole when a file cannot be written', () => {
    const dir = tmp();
    writeGeneratedFiles(dir, [gen('a.yaml')]);
    writeFileSync(join(dir, 'blocker'), 'a file where a directory is needed');
    try {
      writeGeneratedFiles(dir, [gen('a.yaml', 'x: 2\n'), gen('blocker/b.yaml')]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KyvernoError);
      expect((e as KyvernoError).code).toBe('OUTPUT_FAILED');
    }
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toContain('x: 1');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  test('refuses a path that leaves the output directory', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'out'));
    expect(() => writeGeneratedFiles(join(dir, 'out'), [gen('../escape.yaml')])).toThrow(KyvernoError);
    expect(existsSync(join(dir, 'escape.yaml'))).toBe(false);
  });
});
