import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TrustladderError } from '../errors.js';
import { dependenciesFromManifests, type GitDependency } from './git-dependencies.js';
import { git } from './git-run.js';

// Builds a Change (schemas/change.schema.json) from a git range, in any repository: name-status
// with rename and copy detection, numstat, each file's patch for content rules, and the
// dependency changes of npm manifests (other manifests: an unnamed update). Every git
// call gets `--end-of-options`, so a range can never be taken for an option. What git cannot
// tell (binary files, a diff over the size bound) is left out, which makes it unknown to the
// rules: never safe.

export interface GitChangeOptions {
  /** Repository directory (default: the current directory). */
  readonly cwd?: string;
  /** Largest combined patch text read, in bytes; past it no file gets a patch (unknown). */
  readonly maxDiffBytes?: number;
}

export const DEFAULT_MAX_DIFF_BYTES = 256 * 1024 * 1024;

interface GitFile {
  path: string;
  previousPath?: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed' | 'copied';
  additions?: number;
  deletions?: number;
  patch?: string;
}

const STATUS: Record<string, GitFile['status'] | undefined> = {
  A: 'added',
  M: 'modified',
  T: 'modified', // type change (file <-> symlink): its content changed
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
};

/** Checks a user-given range: refs and `A..B` / `A...B` only, never something git would parse as an option. */
export function assertSafeRange(range: string): void {
  if (range === '' || range.startsWith('-') || /\s/.test(range) || range.includes('\u0000')) {
    throw new TrustladderError('INVALID_INPUT', `not a git range: "${range}"`, {
      issues: [
        { code: 'invalid_range', path: '', message: `not a git range: "${range}" (expected BASE...HEAD)` },
      ],
    });
  }
}

/** A Change (schemas/change.schema.json) as read from git. */
export interface GitChange {
  repo: string;
  files: GitFile[];
  dependencies: ChangeDependency[];
}

/** A dependency change as the Change schema has it. */
export type ChangeDependency = Omit<GitDependency, 'manifest' | 'unread'>;

/** What `readGitRange` found: the change, and where each part of it came from. */
export interface GitRange {
  /** The repository's top directory. */
  readonly top: string;
  readonly change: GitChange;
  /** The change's dependencies in the same order, with the manifest each was read from. */
  readonly dependencies: readonly GitDependency[];
  /** Reads a file at the head of the range (the working tree for a single revision). */
  readonly readHead: (path: string) => string | undefined;
}

export function changeFromGit(range: string, options: GitChangeOptions = {}): GitChange {
  return readGitRange(range, options).change;
}

export function readGitRange(range: string, options: GitChangeOptions = {}): GitRange {
  assertSafeRange(range);
  const cwd = options.cwd ?? process.cwd();
  const top = git(['rev-parse', '--show-toplevel'], cwd).trim();
  const files = nameStatus(range, top);
  addNumstat(range, top, files);
  addPatches(range, top, files, options.maxDiffBytes ?? DEFAULT_MAX_DIFF_BYTES);
  const ends = rangeEnds(range, top);
  const dependencies = dependenciesFromManifests(files, (side, path) => readAt(ends[side], path, top));
  const change = {
    repo: repoName(top),
    files,
    dependencies: dependencies.map(({ manifest: _m, unread: _u, ...dependency }) => dependency),
  };
  return { top, change, dependencies, readHead: (path) => readAt(ends.head, path, top) };
}

// The two ends git diff compares: `A...B` is merge-base(A, B) to B, `A..B` is A to B, and a
// single revision is that revision to the working tree (null).
function rangeEnds(range: string, top: string): { base: string; head: string | null } {
  const three = range.indexOf('...');
  if (three >= 0) {
    const a = range.slice(0, three) || 'HEAD';
    const b = range.slice(three + 3) || 'HEAD';
    return { base: git(['merge-base', '--end-of-options', a, b], top).trim(), head: b };
  }
  const two = range.indexOf('..');
  if (two >= 0) return { base: range.slice(0, two) || 'HEAD', head: range.slice(two + 2) || 'HEAD' };
  return { base: range, head: null };
}

function readAt(rev: string | null, path: string, top: string): string | undefined {
  if (rev === null) {
    try {
      return readFileSync(join(top, path), 'utf8');
    } catch {
      return undefined;
    }
  }
  const result = spawnSync('git', ['show', '--end-of-options', `${rev}:${path}`], {
    cwd: top,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return result.status === 0 ? result.stdout : undefined;
}

function nameStatus(range: string, cwd: string): GitFile[] {
  const tokens = git(['diff', '-z', '--name-status', '-M', '-C', '--end-of-options', range], cwd).split(
    '\u0000',
  );
  const files: GitFile[] = [];
  for (let i = 0; i < tokens.length; ) {
    const code = tokens[i++];
    if (!code) continue;
    const status = STATUS[code[0] as string];
    if (!status) {
      throw new TrustladderError(
        'INVALID_INPUT',
        `git reports status "${code}" (unmerged or unknown) for ${tokens[i] ?? '?'}`,
      );
    }
    if (status === 'renamed' || status === 'copied') {
      const previousPath = tokens[i++] as string;
      const path = tokens[i++] as string;
      files.push({ path, previousPath, status });
    } else files.push({ path: tokens[i++] as string, status });
  }
  return files;
}

function addNumstat(range: string, cwd: string, files: GitFile[]): void {
  const tokens = git(['diff', '-z', '--numstat', '-M', '-C', '--end-of-options', range], cwd).split('\u0000');
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (let i = 0; i < tokens.length; ) {
    const head = tokens[i++];
    if (!head) continue;
    const [added, deleted, path] = head.split('\t');
    // A rename's record is "a\td\t" followed by the old and the new path as separate tokens.
    let target = path;
    if (path === '') {
      target = tokens[i + 1];
      i += 2;
    }
    const file = target === undefined ? undefined : byPath.get(target);
    if (!file || added === '-' || deleted === '-') continue; // binary: no line counts
    file.additions = Number(added);
    file.deletions = Number(deleted);
  }
}

// One `git diff` for all patches, split at each "diff --git" header and matched to files by
// the paths of its `+++`/`---`/rename/copy lines. A section that cannot be matched is left
// out: its file has no patch, which is unknown, not safe.
function addPatches(range: string, cwd: string, files: GitFile[], maxBytes: number): void {
  let text: string;
  try {
    text = git(
      ['diff', '-M', '-C', '--no-color', '--no-ext-diff', '--unified=3', '--end-of-options', range],
      cwd,
      maxBytes,
    );
  } catch (e) {
    if (e instanceof RangeError) return;
    throw e;
  }
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const section of text.split(/^(?=diff --git )/m)) {
    if (!section.startsWith('diff --git ')) continue;
    const path = sectionPath(section);
    const file = path === undefined ? undefined : byPath.get(path);
    if (!file) continue;
    if (/^Binary files .* differ$/m.test(section) || /^GIT binary patch$/m.test(section)) continue;
    const hunkStart = section.search(/^@@ /m);
    file.patch = hunkStart < 0 ? '' : section.slice(hunkStart);
  }
}

function sectionPath(section: string): string | undefined {
  const lines = section.split('\n', 12);
  const find = (prefix: string) => lines.find((l) => l.startsWith(prefix))?.slice(prefix.length);
  const plus = find('+++ ');
  if (plus !== undefined && plus !== '/dev/null') return stripPrefix(unquote(plus), 'b/');
  const to = find('rename to ') ?? find('copy to ');
  if (to !== undefined) return unquote(to);
  const minus = find('--- ');
  if (minus !== undefined && minus !== '/dev/null') return stripPrefix(unquote(minus), 'a/');
  // Mode-only or empty change: "diff --git a/X b/X" with both paths equal.
  const header = (lines[0] ?? '').slice('diff --git '.length);
  const half = (header.length - 1) / 2;
  if (Number.isInteger(half) && header.slice(2, half) === header.slice(half + 3))
    return header.slice(2, half);
  return undefined;
}

function stripPrefix(path: string, prefix: string): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

// git quotes a path with control characters, `"` or `\` C-style even with quotePath off.
function unquote(text: string): string {
  const trimmed = text.replace(/\t$/, '');
  if (!trimmed.startsWith('"')) return trimmed;
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '"': 34, '\\': 92 };
  const body = trimmed.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1] as string;
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function repoName(top: string): string {
  try {
    const url = git(['config', '--get', 'remote.origin.url'], top).trim();
    const match = /[/:]([^/:]+\/[^/]+?)(?:\.git)?\/?$/.exec(url);
    if (match?.[1]) return match[1];
  } catch {
    // no origin: fall back to the directory name
  }
  return basename(top);
}
