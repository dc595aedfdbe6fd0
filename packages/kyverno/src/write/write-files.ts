import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { KyvernoError } from '../errors.js';
import type { GeneratedFile } from '../generate/generate.js';
import { GENERATED_MARKER } from '../generate/generate.js';

export interface WriteReport {
  readonly written: readonly string[];
  readonly removed: readonly string[];
}

// Writes the generated files under `dir`: every file is first written beside its target
// under a temporary name, and only when all of them are written are they renamed into place,
// so a failure leaves the old files whole. Files a previous run generated (they carry the
// marker) that this run does not are removed; any other file is left alone.
export function writeGeneratedFiles(dir: string, files: readonly GeneratedFile[]): WriteReport {
  const root = resolve(dir);
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const staged: Array<{ temp: string; target: string }> = [];
  try {
    for (const f of files) {
      const target = resolve(root, f.path);
      if (!target.startsWith(root + sep)) throw new Error(`${f.path} leaves the output directory`);
      mkdirSync(dirname(target), { recursive: true });
      const temp = target + suffix;
      writeFileSync(temp, f.content, { flag: 'wx' });
      staged.push({ temp, target });
    }
  } catch (e) {
    for (const s of staged) rmSync(s.temp, { force: true });
    throw new KyvernoError('OUTPUT_FAILED', `cannot write ${dir}: ${(e as Error).message}`, { cause: e });
  }
  const before = generatedFilesUnder(root);
  for (const s of staged) renameSync(s.temp, s.target);
  const keep = new Set(staged.map((s) => s.target));
  const removed = before.filter((f) => !keep.has(f));
  for (const f of removed) {
    rmSync(f, { force: true });
    removeEmptyParents(dirname(f), root);
  }
  return {
    written: staged.map((s) => relative(root, s.target)),
    removed: removed.map((f) => relative(root, f)),
  };
}

function generatedFilesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.yaml') && readFileSync(p, 'utf8').startsWith(GENERATED_MARKER))
        out.push(p);
    }
  };
  walk(root);
  return out;
}

function removeEmptyParents(dir: string, root: string): void {
  let d = dir;
  while (d.startsWith(root + sep)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
    d = dirname(d);
  }
}
