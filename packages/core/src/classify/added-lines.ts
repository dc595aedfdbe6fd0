// Extracts the added lines (without the leading `+`) of a unified diff. Hunks are followed
// by their line counts, so a `+++ b/file` header of the next file is never taken for an
// added line, and an added line that itself starts with `++` is never taken for a header.
// The patch is attacker-controlled, so it is read to fail closed: a `+` line outside any
// hunk (a hunk shorter than its lines, or no hunk header at all) still counts as added,
// unless it is the `+++ ` header right after a `--- ` header.

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

export function addedLines(patch: string): string[] {
  const lines = patch.split(/\r?\n/);
  const added: string[] = [];
  let oldLeft = 0;
  let newLeft = 0;
  let previous = '';
  for (const line of lines) {
    if (oldLeft <= 0 && newLeft <= 0) {
      const hunk = HUNK.exec(line);
      if (hunk) {
        oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
        newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      } else if (line.startsWith('+') && !(line.startsWith('+++ ') && previous.startsWith('--- '))) {
        added.push(line.slice(1));
      }
      previous = line;
      continue;
    }
    previous = line;
    const kind = line[0];
    if (kind === '+') {
      added.push(line.slice(1));
      newLeft--;
    } else if (kind === '-') {
      oldLeft--;
    } else if (kind === '\\') {
      // "\ No newline at end of file": belongs to the previous line, counts nothing.
    } else {
      // Context (a space, or an empty line where a tool trimmed the space).
      oldLeft--;
      newLeft--;
    }
  }
  return added;
}
