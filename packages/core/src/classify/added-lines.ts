// Extracts the added lines (without the leading `+`) of a unified diff. Hunks are followed
// by their line counts, so a `+++ b/file` header of the next file is never taken for an
// added line, and an added line that itself starts with `++` is never taken for a header.
// The patch is attacker-controlled, so it is read to fail closed: a `+` line outside any
// hunk (a hunk shorter than its lines, or no hunk header at all) still counts as added,
// unless it is the `+++ ` header right after a `--- ` header. The removed lines are read the
// same way (a `-` line outside any hunk is removed, unless it is a `--- ` header followed by
// a `+++ ` header), for predicates that search every changed line (`lines: changed`).
//
// Each added line also gets its scope: the lines that enclose it by indentation, so that a
// content predicate can leave out the body of a block (`notWithin`, e.g. a migration's
// `down()`). The enclosing lines of a line are the earlier new-side lines (context and added)
// of the same hunk that are indented less than it and than every non-blank line between
// them. Only what the hunk shows counts: a hunk that starts inside a block has no header for
// it, so its lines are in no block and are searched (fail closed). Blank lines neither enclose
// nor end a block; a blank added line is in no block. Lines outside any hunk are in no block.
//
// A line that is only `{` opens the block of the line right before it when that line has the
// same indent (Allman style, C# and PHP: `void Down(MigrationBuilder b)` then `{` on its own
// line): that line stays open beneath the brace, so the body is enclosed by both. It must be
// the very line before (no blank, no other line between), so a statement followed by a bare
// block is a header only where it is written as one.

export interface PatchLines {
  /** The added lines, without the `+`, in patch order. */
  readonly added: string[];
  /** For each added line (same index), the lines enclosing it, outermost first. */
  readonly scopes: string[][];
  /** The removed lines, without the `-`, in patch order. */
  readonly removed: string[];
}

interface Open {
  readonly indent: number;
  readonly text: string;
}

/** Leading spaces and tabs, each counted as one. */
function indentOf(text: string): number {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** Reads the added lines of a patch and the scope of each. */
export function readPatch(patch: string): PatchLines {
  const lines = patch.split(/\r?\n/);
  const added: string[] = [];
  const scopes: string[][] = [];
  const removed: string[] = [];
  const open: Open[] = [];
  let oldLeft = 0;
  let newLeft = 0;
  let previous = '';
  // The new-side line just before this one, while it is open (not blank, same hunk).
  let before: Open | undefined;
  // A new-side line of a hunk: its scope is what is open around it; it then opens itself.
  const newSide = (text: string, isAdded: boolean) => {
    if (text.trim() === '') {
      if (isAdded) {
        added.push(text);
        scopes.push([]);
      }
      before = undefined;
      return;
    }
    const indent = indentOf(text);
    while (open.length > 0 && (open[open.length - 1] as Open).indent >= indent) open.pop();
    if (isAdded) {
      added.push(text);
      scopes.push(open.map((o) => o.text));
    }
    // An Allman brace: the line before it (same indent) heads the block the brace opens.
    if (before !== undefined && before.indent === indent && text.trim() === '{') open.push(before);
    before = { indent, text };
    open.push(before);
  };
  lines.forEach((line, index) => {
    if (oldLeft <= 0 && newLeft <= 0) {
      // The literal is here, not in a module constant, so that mutation testing can switch
      // each of its mutants per test (a module constant is built once, when the module loads).
      const hunk = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
      if (hunk) {
        oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
        newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
        open.length = 0;
        before = undefined;
      } else if (line.startsWith('+') && !(line.startsWith('+++ ') && previous.startsWith('--- '))) {
        added.push(line.slice(1));
        scopes.push([]);
      } else if (line.startsWith('-') && !(line.startsWith('--- ') && lines[index + 1]?.startsWith('+++ '))) {
        removed.push(line.slice(1));
      }
      previous = line;
      return;
    }
    previous = line;
    const kind = line[0];
    if (kind === '+') {
      newSide(line.slice(1), true);
      newLeft--;
    } else if (kind === '-') {
      removed.push(line.slice(1));
      oldLeft--;
    } else if (kind === '\\') {
      // "\ No newline at end of file": belongs to the previous line, counts nothing.
    } else {
      // Context: a space, or an empty line where a tool trimmed the space (a blank line, as
      // one with the space is). Anything else is not a diff line: what encloses the lines
      // after it is unknown, so nothing does.
      if (kind === ' ' || line === '') newSide(line.slice(1), false);
      else {
        open.length = 0;
        before = undefined;
      }
      oldLeft--;
      newLeft--;
    }
  });
  return { added, scopes, removed };
}

/** The added lines of a patch, without the leading `+`. */
export function addedLines(patch: string): string[] {
  return readPatch(patch).added;
}
