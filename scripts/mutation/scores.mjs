// Per-file mutation scores from a Stryker report (the mutation-testing-report schema, which is
// also the format of Stryker's incremental file), with the listed equivalent mutants left out.
// Pure functions: run.mjs reads the files, these decide.

/** Statuses that count: detected (Killed, Timeout) and undetected (Survived, NoCoverage). */
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** The source text a mutant replaced (locations are 1-based lines, 1-based columns). */
export function originalText(source, location) {
  const lines = source.split('\n');
  const { start, end } = location;
  if (start.line === end.line) return (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1);
  const first = (lines[start.line - 1] ?? '').slice(start.column - 1);
  const middle = lines.slice(start.line, end.line - 1);
  const last = (lines[end.line - 1] ?? '').slice(0, end.column - 1);
  return [first, ...middle, last].join('\n');
}

/** Whether a listed equivalent mutant is this one: same file, mutator, original and replacement. */
export function isListed(entry, file, mutant, original) {
  return (
    entry.file === file &&
    entry.mutator === mutant.mutatorName &&
    entry.original === original &&
    entry.replacement === mutant.replacement
  );
}

/**
 * The score of one file: detected / (detected + undetected), in percent, with the mutants of
 * the equivalence list left out. Returns also which list entries matched (an entry that
 * matches nothing is stale and is reported, so the list cannot rot silently).
 */
export function scoreFile(file, result, equivalents) {
  const counts = {
    killed: 0,
    timeout: 0,
    survived: 0,
    noCoverage: 0,
    compileError: 0,
    ignored: 0,
    equivalent: 0,
  };
  const survivors = [];
  const matched = new Set();
  for (const mutant of result.mutants) {
    const original = originalText(result.source, mutant.location);
    const entry = equivalents.find((e) => isListed(e, file, mutant, original));
    if (entry && (UNDETECTED.has(mutant.status) || DETECTED.has(mutant.status))) {
      matched.add(entry);
      counts.equivalent++;
      continue;
    }
    switch (mutant.status) {
      case 'Killed':
        counts.killed++;
        break;
      case 'Timeout':
        counts.timeout++;
        break;
      case 'Survived':
        counts.survived++;
        survivors.push({ mutant, original });
        break;
      case 'NoCoverage':
        counts.noCoverage++;
        survivors.push({ mutant, original });
        break;
      case 'CompileError':
        counts.compileError++;
        break;
      case 'Ignored':
        counts.ignored++;
        break;
      default:
        // RuntimeError, Pending or anything new: not a score, and not hidden either.
        survivors.push({ mutant, original });
        counts.survived++;
    }
  }
  const detected = counts.killed + counts.timeout;
  const valid = detected + counts.survived + counts.noCoverage;
  // A file with no valid mutant has nothing to prove; it scores 100 only if it has mutants at all.
  const score = valid === 0 ? 100 : (100 * detected) / valid;
  return { score, counts, survivors, matched };
}

/** The location of a mutant as `file:line:column`. */
export function where(file, mutant) {
  return `${file}:${mutant.location.start.line}:${mutant.location.start.column}`;
}
