// A `console` block is a transcript: a line starting with `$ ` is a command (a trailing `\`
// continues it on the next line), the lines after it until the next command are its output
// (stdout and stderr, as a terminal shows them). A command expected to exit non-zero says so
// in a trailing shell comment, `# exit 1`, which bash itself ignores.
//
// Output is compared line by line after exactly these normalisations:
//   1. digests: every `sha256:` followed by 12 to 64 hex digits (the CLI abbreviates to 12)
//      reads `sha256:...` on both sides, so a doc may abbreviate a digest that changes
//      whenever a policy or a fixture does;
//   2. times: `<time>` in the doc stands for one RFC 3339 UTC instant
//      (2026-05-04T10:00:00Z, fractions allowed), for the few outputs that print the wall
//      clock; every other time is pinned by the command's own flags (--now, --at, --until);
//   3. event ids: `<id>` in the doc stands for one UUID, the id the ledger gives each event
//      it records (random by design: no flag pins it). Update mode writes `<id>` for them.
// `<time>` and `<id>` match only where the doc writes them: anywhere else the text is exact.
// Trailing spaces and trailing blank lines are not compared (Markdown editors strip them).

const DIGEST = /sha256:[0-9a-f]{12,64}/g;
const TIME = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z`;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const EXIT_COMMENT = /#\s*exit\s+(\d+)\s*$/;

/**
 * @typedef {{ line: number, command: string, commandLines: string[], exit: number, expected: string[] }} Step
 * `line` is the 0-based index of the `$ ` line within the block body.
 */

/** @param {string[]} body @returns {Step[]} */
export function parseTranscript(body) {
  /** @type {Step[]} */
  const steps = [];
  let i = 0;
  while (i < body.length) {
    const line = body[i] ?? '';
    if (!line.startsWith('$ ')) {
      if (steps.length === 0) {
        if (line.trim() === '') {
          i++;
          continue;
        }
        throw new Error(`line ${i + 1} of the block is output before any "$ " command`);
      }
      steps.at(-1)?.expected.push(line);
      i++;
      continue;
    }
    const start = i;
    const commandLines = [line];
    while ((commandLines.at(-1) ?? '').endsWith('\\') && i + 1 < body.length) {
      i++;
      commandLines.push(body[i] ?? '');
    }
    const command = [line.slice(2), ...commandLines.slice(1)].join('\n');
    const exit = EXIT_COMMENT.exec(commandLines.at(-1) ?? '');
    steps.push({ line: start, command, commandLines, exit: exit ? Number(exit[1]) : 0, expected: [] });
    i++;
  }
  return steps;
}

/** Output as compared: digests abbreviated, trailing spaces and blank lines dropped. */
export function normaliseOutput(text) {
  const lines = text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.replace(DIGEST, 'sha256:...').trimEnd());
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

function linePattern(expected) {
  const escaped = expected
    .replace(DIGEST, 'sha256:...')
    .trimEnd()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replaceAll('<time>', TIME).replaceAll('<id>', UUID)}$`);
}

/** Whether one normalised output line matches one line of the doc. */
export function lineMatches(expected, actual) {
  return linePattern(expected).test(actual);
}

/** @param {string[]} expected @param {string[]} actual */
export function outputMatches(expected, actual) {
  const want = [...expected];
  while (want.length > 0 && (want.at(-1) ?? '').trim() === '') want.pop();
  return want.length === actual.length && want.every((line, i) => lineMatches(line, actual[i] ?? ''));
}

/**
 * The expected output rewritten from the actual one, for authors (update mode): a doc line that
 * still matches is kept as written (its `<time>` and abbreviations stay), any other line is
 * replaced by the actual, normalised line, with `<id>` for each event id.
 */
export function updatedOutput(expected, actual) {
  return actual.map((line, i) => {
    const old = expected[i];
    return old !== undefined && lineMatches(old, line) ? old : line.replace(new RegExp(UUID, 'g'), '<id>');
  });
}

/** A unified-looking diff of two line lists, for the failure message. */
export function describeDrift(expected, actual) {
  const out = [];
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e !== undefined && a !== undefined && lineMatches(e, a)) out.push(`  ${a}`);
    else {
      if (e !== undefined) out.push(`- ${e}`);
      if (a !== undefined) out.push(`+ ${a}`);
    }
  }
  return out.join('\n');
}
