import { invalidArgument } from './invalid-argument.js';

// The line numbers (in the new file) that a unified diff adds or modifies: every `+` line
// inside a hunk, counted from the hunk's `+start`. A modified line shows as `-old` then
// `+new`, so it is counted once, as its new line. The patch comes from git, but is read as
// untrusted: a `+` line outside any hunk has no line number, so the result is undefined
// (the file's changed lines are unknown), never a guess.

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function changedLineNumbers(patch: string): number[] | undefined {
  if (typeof patch !== 'string') throw invalidArgument('changedLineNumbers', 'takes a patch text');
  const lines = patch.split(/\r?\n/);
  const changed: number[] = [];
  let oldLeft = 0;
  let newLeft = 0;
  let next = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (oldLeft <= 0 && newLeft <= 0) {
      const hunk = HUNK.exec(line);
      if (hunk) {
        oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
        next = Number(hunk[2]);
        newLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
        continue;
      }
      // After the last hunk only an empty trailing line or a "\ No newline" marker may follow.
      if (line === '' && i === lines.length - 1) continue;
      if (line.startsWith('\\')) continue;
      return undefined;
    }
    const kind = line[0];
    if (kind === '+') {
      changed.push(next++);
      newLeft--;
    } else if (kind === '-') {
      oldLeft--;
    } else if (kind === '\\') {
      // "\ No newline at end of file" belongs to the previous line.
    } else {
      next++;
      oldLeft--;
      newLeft--;
    }
  }
  return oldLeft > 0 || newLeft > 0 ? undefined : changed;
}
