import { RE2JS } from 're2js';
import { compileGlob } from '../../classify/glob/compile-glob.js';
import { GlobSyntaxError } from '../../classify/glob/glob-error.js';
import { type Issue, joinPointer } from '../../issues.js';
import { loadDocument, throwInvalid } from '../../load/index.js';
import { pypiName } from './dependencies/read-python.js';
import { invalidArgument } from './invalid-argument.js';

// The allowlist and scores of a `--dependency-facts` file (schemas/dependency-facts.schema.json),
// applied to dependency changes. An allowlist, when given, is the whole allowlist: a named
// dependency not on it is not allowlisted (false, a fact). A dependency without a score entry
// keeps no score (unknown). Two score entries for one package: the lower counts. A change
// whose name is a file path (a manifest that could not be read) gets nothing: what it is, is
// unknown.

export interface DependencyFactsFile {
  readonly source: string;
  readonly allowlisted: ((ecosystem: string, name: string) => boolean) | undefined;
  readonly score: (ecosystem: string, name: string) => number | undefined;
}

interface Document {
  allowlist?: Array<{ ecosystem: string; name: string }>;
  scores?: Array<{ ecosystem: string; name: string; score?: number; scorecard?: number }>;
}

const key = (ecosystem: string, name: string) =>
  `${ecosystem}\u0000${ecosystem === 'pypi' ? pypiName(name) : name}`;

export function loadDependencyFacts(text: string, source: string): DependencyFactsFile {
  if (typeof text !== 'string' || typeof source !== 'string')
    throw invalidArgument('loadDependencyFacts', 'takes a text and a source name');
  const doc = loadDocument(text, 'dependency-facts', { source }).value as Document;
  const issues: Issue[] = [];
  const allow = (doc.allowlist ?? []).flatMap((entry, i) => {
    try {
      const name = entry.ecosystem === 'pypi' ? pypiName(entry.name) : entry.name;
      return [{ ecosystem: entry.ecosystem, re: RE2JS.compile(compileGlob(name).regex) }];
    } catch (e) {
      if (!(e instanceof GlobSyntaxError)) throw e;
      issues.push({ code: 'invalid_glob', path: joinPointer('/allowlist', i, 'name'), message: e.message });
      return [];
    }
  });
  if (issues.length > 0) throwInvalid(issues, source);
  const scores = new Map<string, number>();
  for (const entry of doc.scores ?? []) {
    const value = entry.score ?? (entry.scorecard as number) / 10;
    const k = key(entry.ecosystem, entry.name);
    scores.set(k, Math.min(value, scores.get(k) ?? 1));
  }
  return {
    source,
    allowlisted:
      doc.allowlist === undefined
        ? undefined
        : (ecosystem, name) => {
            const n = ecosystem === 'pypi' ? pypiName(name) : name;
            return allow.some((a) => a.ecosystem === ecosystem && a.re.matches(n));
          },
    score: (ecosystem, name) => scores.get(key(ecosystem, name)),
  };
}
