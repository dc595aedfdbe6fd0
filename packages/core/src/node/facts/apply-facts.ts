import { relative, resolve, sep } from 'node:path';
import { TrustladderError, throwIssues } from '../../errors.js';
import { validateAgainst } from '../../load/index.js';
import type { GitDependency } from '../git-dependencies.js';
import { repositoryTop, trackedFiles } from '../git-run.js';
import { loadDependencyFacts } from './dependency-facts.js';
import { applyExtraFacts, readExtraFacts } from './extra-facts.js';
import type { FactSource } from './fact-source.types.js';
import { invalidArgument, isObject } from './invalid-argument.js';
import { coverageFromFiles } from './line-coverage/read-coverage-files.js';
import { readFactFile } from './read-fact-file.js';
import { discoverGuardsInRepository, readServiceCatalogs } from './services/read-service-facts.js';
import { serviceFacts } from './services/service-facts.js';

// Adds the facts that teams' tools already produce to a change, and records where each one
// came from. Order: dependency facts, coverage, services, then `--facts` files, which may not
// set what another source set. Every file named is read; one that cannot be read is an error
// naming it, never a fact silently left out.

export interface FactFiles {
  /** Coverage reports (lcov, Cobertura, Go profile, Istanbul JSON). */
  readonly coverage?: readonly string[];
  /** Service catalogs (trustladder ServiceCatalog or Backstage catalog-info.yaml). */
  readonly services?: readonly string[];
  /** Look for guards in the repository's Flagger, OpenSLO, Sloth and OpenFeature manifests. */
  readonly discover?: boolean;
  /** Allowlist and scores for dependency changes. */
  readonly dependencyFacts?: string;
  /** JSON objects of pointer -> fact. */
  readonly facts?: readonly string[];
}

export interface FactContext {
  /** Where file names are resolved from. */
  readonly cwd: string;
  /** The repository's top; found from `cwd` with git when not given and a reader needs it. */
  readonly top?: string;
  /** Where each dependency came from (a git range's manifests), index for index. */
  readonly dependencies?: readonly GitDependency[];
}

export interface ChangeWithFacts {
  readonly change: Record<string, unknown>;
  readonly facts: FactSource[];
}

const MAX_FACTS_BYTES = 16 * 1024 * 1024;

export function hasFactFiles(files: FactFiles): boolean {
  return (
    (files.coverage?.length ?? 0) > 0 ||
    (files.services?.length ?? 0) > 0 ||
    files.dependencyFacts !== undefined ||
    (files.facts?.length ?? 0) > 0
  );
}

/**
 * Returns a copy of `change` with the facts of `files` added, and where each came from.
 * Throws a TrustladderError naming the file for any file that cannot be read or is invalid,
 * and for a fact that two sources give.
 */
export function applyFacts(change: unknown, files: FactFiles, context: FactContext): ChangeWithFacts {
  if (!isObject(change)) throw invalidArgument('applyFacts', 'the change is an object');
  if (typeof files !== 'object' || files === null)
    throw invalidArgument('applyFacts', 'the fact files are an object');
  if (!isObject(context) || typeof context.cwd !== 'string')
    throw invalidArgument('applyFacts', 'context.cwd is a directory name');
  const out: Record<string, unknown> = { ...(change as Record<string, unknown>) };
  const facts: FactSource[] = [];
  const taken = new Set(['/coverage', '/service', '/data'].filter((p) => out[p.slice(1)] !== undefined));
  let top = context.top;
  const topDir = () => {
    top ??= repositoryTop(context.cwd);
    return top;
  };
  const changedFiles = (Array.isArray(out.files) ? out.files : []) as Array<{
    path: string;
    previousPath?: string;
    status: string;
    patch?: string;
  }>;

  // A facts file that the change itself adds or modifies (a catalog edited in the same pull
  // request, a committed report) is written by whoever wrote the change: it supplies nothing,
  // and the result names it. Otherwise an agent could grant itself the guards it lacks.
  const changedPaths = new Set(
    changedFiles.flatMap((f) => (f.previousPath ? [f.path, f.previousPath] : [f.path])),
  );
  const base = context.top ?? context.cwd;
  const untrusted = (list: readonly string[]) =>
    list.filter((file) => {
      const rel = relative(base, resolve(context.cwd, file)).split(sep).join('/');
      return !rel.startsWith('../') && changedPaths.has(rel);
    });

  // Where each dependency was read from, then the allowlist and scores.
  const dependencies = Array.isArray(out.dependencies)
    ? (out.dependencies as Array<Record<string, unknown>>)
    : [];
  const details = context.dependencies ?? [];
  const changedDependencyFacts = untrusted(
    files.dependencyFacts === undefined ? [] : [files.dependencyFacts],
  );
  if (changedDependencyFacts.length > 0)
    facts.push({
      fact: '/dependencies',
      from: changedDependencyFacts,
      value: null,
      untrusted: changedDependencyFacts,
    });
  const dependencyFacts =
    files.dependencyFacts === undefined || changedDependencyFacts.length > 0
      ? undefined
      : loadDependencyFacts(
          readFactFile(resolve(context.cwd, files.dependencyFacts), files.dependencyFacts, MAX_FACTS_BYTES),
          files.dependencyFacts,
        );
  out.dependencies = dependencies.map((dependency, i) => {
    const detail = details[i];
    const from = detail?.manifest === undefined ? [] : [detail.manifest];
    const named = detail?.unread !== true && typeof dependency.ecosystem === 'string';
    let updated = dependency;
    if (dependencyFacts !== undefined && named) {
      const ecosystem = dependency.ecosystem as string;
      const name = String(dependency.name);
      const allowlisted = dependencyFacts.allowlisted?.(ecosystem, name);
      const score = dependencyFacts.score(ecosystem, name);
      if (allowlisted !== undefined) updated = { ...updated, allowlisted };
      if (score !== undefined) updated = { ...updated, score };
      if (allowlisted !== undefined || score !== undefined) from.push(dependencyFacts.source);
    }
    if (from.length > 0)
      facts.push({ fact: `/dependencies/${i}`, from, ...(detail?.unread ? { value: null } : {}) });
    return updated;
  });
  if (dependencies.length === 0 && !Array.isArray((change as Record<string, unknown>).dependencies))
    delete out.dependencies;

  if ((files.coverage?.length ?? 0) > 0) {
    claim(taken, '/coverage', files.coverage?.[0] as string);
    const result = coverageFromFiles(files.coverage as string[], changedFiles, {
      cwd: context.cwd,
      top: topDir(),
    });
    const changedReports = untrusted(files.coverage as string[]);
    const coverage = changedReports.length > 0 ? undefined : result.coverage;
    if (coverage !== undefined) out.coverage = coverage;
    facts.push({
      fact: '/coverage',
      from: result.reports.map((r) => `${r.file} (${r.format})`),
      value: coverage ?? null,
      notInReport: result.notInReport,
      unknownLines: result.unknownLines,
      ...(changedReports.length > 0 ? { untrusted: changedReports } : {}),
    });
  }

  if ((files.services?.length ?? 0) > 0) {
    claim(taken, '/service', files.services?.[0] as string);
    const services = readServiceCatalogs(files.services as string[], { cwd: context.cwd, top: topDir() });
    // Manifests the change edits are not read: the guards must be there before the change.
    const discovered = files.discover
      ? discoverGuardsInRepository(
          topDir(),
          trackedFiles(topDir()).filter((path) => !changedPaths.has(path)),
        )
      : undefined;
    const result = serviceFacts(changedFiles, services, discovered);
    const changedCatalogs = untrusted(files.services as string[]);
    const service = changedCatalogs.length > 0 ? undefined : result.service;
    if (service !== undefined) out.service = service;
    facts.push({
      fact: '/service',
      from: [...(files.services as string[])],
      value: service ?? null,
      ...(changedCatalogs.length > 0 ? { untrusted: changedCatalogs } : {}),
      touched: result.touched,
      outside: result.outside,
      ...(result.guards ? { guards: result.guards } : {}),
    });
  }

  for (const file of files.facts ?? []) {
    const extra = readExtraFacts(readFactFile(resolve(context.cwd, file), file, MAX_FACTS_BYTES), file);
    if (untrusted([file]).length > 0) {
      for (const [pointer] of extra.entries)
        facts.push({ fact: pointer, from: [file], value: null, untrusted: [file] });
      continue;
    }
    const set = applyExtraFacts(out, extra, taken);
    const issues = validateAgainst('change', out).filter((i) =>
      set.some((p) => i.path === p || i.path.startsWith(`${p}/`)),
    );
    if (issues.length > 0)
      throwIssues('INVALID_DOCUMENT', 'a fact does not fit the change schema', issues, file);
    for (const pointer of set) facts.push({ fact: pointer, from: [file], value: pointerValue(out, pointer) });
  }
  return { change: out, facts };
}

function claim(taken: Set<string>, pointer: string, source: string): void {
  if (taken.has(pointer))
    throw new TrustladderError('INVALID_INPUT', `the change already has ${pointer}`, {
      source,
      issues: [
        {
          code: 'conflict',
          path: pointer,
          message: 'the change already has this fact; a fact has one source',
        },
      ],
    });
  taken.add(pointer);
}

function pointerValue(root: Record<string, unknown>, pointer: string): unknown {
  let node: unknown = root;
  for (const token of pointer.slice(1).split('/'))
    node = (node as Record<string, unknown> | undefined)?.[token];
  return node;
}
