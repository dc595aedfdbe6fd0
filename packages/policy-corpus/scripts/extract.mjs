#!/usr/bin/env node
// Builds the corpus's change JSONs with trustladder's own `--git` reader (changeFromGit), one
// per sampled commit: `node extract.mjs PICKS.jsonl MIRRORS_DIR OUT_DIR`. PICKS holds
// {repo, commit, stratum} lines; MIRRORS_DIR/<owner>+<name>/repo is a bare git directory.
// A temporary clone (shared objects, no checkout) gives the reader the work tree it asks for.
// Patches over MAX_PATCH_CHARS are cut at a line boundary so the corpus stays small; the cut
// is recorded in the entry (`cut`), so no one mistakes a cut patch for the whole diff.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changeFromGit } from '@trustladder/core/node';

const MAX_PATCH_CHARS = 12_000;
const [picksFile, mirrors, outDir] = process.argv.slice(2);
if (!picksFile || !mirrors || !outDir) {
  console.error('usage: extract.mjs PICKS.jsonl MIRRORS_DIR OUT_DIR');
  process.exit(2);
}

const clones = new Map();
function cloneOf(repo) {
  let dir = clones.get(repo);
  if (dir) return dir;
  dir = join(mkdtempSync(join(tmpdir(), 'corpus-')), repo.replace('/', '+'));
  const source = join(mirrors, repo.replace('/', '+'), 'repo');
  const r = spawnSync('git', ['clone', '--quiet', '--shared', '--no-checkout', source, dir], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`clone ${repo}: ${r.stderr}`);
  clones.set(repo, dir);
  return dir;
}

function cutPatch(patch) {
  if (patch.length <= MAX_PATCH_CHARS) return { patch, cut: false };
  const end = patch.lastIndexOf('\n', MAX_PATCH_CHARS);
  return { patch: patch.slice(0, end + 1), cut: true };
}

for (const line of readFileSync(picksFile, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const { repo, commit, stratum } = JSON.parse(line);
  const out = join(outDir, repo.replace('/', '+'), `${commit.slice(0, 12)}.json`);
  if (existsSync(out)) continue;
  const cwd = cloneOf(repo);
  let change;
  try {
    change = changeFromGit(`${commit}^..${commit}`, { cwd });
  } catch (error) {
    console.error(`skip ${repo} ${commit}: ${error.message}`);
    continue;
  }
  const cut = [];
  const files = change.files.map((file) => {
    if (file.patch === undefined) return file;
    const c = cutPatch(file.patch);
    if (c.cut) cut.push(file.path);
    return { ...file, patch: c.patch };
  });
  const subject = spawnSync('git', ['log', '-1', '--format=%s', commit], {
    cwd,
    encoding: 'utf8',
  }).stdout.trim();
  mkdirSync(join(outDir, repo.replace('/', '+')), { recursive: true });
  const entry = {
    source: { repo, commit, subject, stratum },
    ...(cut.length ? { cut } : {}),
    change: { ...change, repo, files },
  };
  writeFileSync(out, `${JSON.stringify(entry, null, 1)}\n`);
}
