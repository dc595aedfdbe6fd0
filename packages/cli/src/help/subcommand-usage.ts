// Per-subcommand help, derived from a command group's one usage text, so that each command
// module keeps a single usage string (the one `<group> --help` prints) and a flag added there
// shows in `<group> <sub> --help` too. The usage text has a fixed shape (every group follows it):
//   - a header up to the first blank line: entries `Usage: trustladder <group> <sub> ...` and
//     `       trustladder <group> <sub> ...`, continued on deeper-indented lines;
//   - a body of blocks, each a line plus the deeper-indented lines that follow it. A block whose
//     first word is a subcommand describes that subcommand; any other block (flags, notes) is
//     shared by every subcommand.

interface Block {
  readonly subs: readonly string[];
  readonly lines: readonly string[];
}

const indent = (line: string) => line.length - line.trimStart().length;

/** A line's subcommand word(s): `status`, or `approve|reject` as two. */
const SUB_WORD = /^[a-z][a-z0-9-]*(\|[a-z][a-z0-9-]*)*$/;

/** Blocks of lines; `starts` marks a line that opens a block whatever its indentation. */
function blocks(lines: readonly string[], starts: (line: string) => boolean = () => false): Block[] {
  const out: { subs: string[]; lines: string[] }[] = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (last && line.trim() !== '' && !starts(line) && indent(line) > indent(last.lines[0] as string)) {
      last.lines.push(line);
      continue;
    }
    out.push({ subs: [], lines: [line] });
  }
  return out;
}

function headerSubs(line: string, group: string): string[] {
  const m = new RegExp(`^(?:Usage: |\\s*)trustladder ${group} (\\S+)`).exec(line);
  const word = m?.[1];
  return word !== undefined && SUB_WORD.test(word) ? word.split('|') : [];
}

/** The subcommands a group's usage names (none for a command without subcommands). */
export function subcommandsOf(group: string, usage: string): readonly string[] {
  const header = usage.split('\n');
  const end = header.findIndex((l) => l.trim() === '');
  const names = (end === -1 ? header : header.slice(0, end)).flatMap((l) => headerSubs(l, group));
  return [...new Set(names)];
}

/** The help of one subcommand: its usage entries, its own description, the shared notes. */
export function subcommandUsage(group: string, usage: string, sub: string): string {
  const lines = usage.split('\n');
  const split = lines.findIndex((l) => l.trim() === '');
  const head = split === -1 ? lines : lines.slice(0, split);
  const body = split === -1 ? [] : lines.slice(split + 1);
  const subs = new Set(subcommandsOf(group, usage));

  const entries = blocks(head, (l) => /^(Usage: |\s*)trustladder /.test(l))
    .map((b) => ({ ...b, subs: headerSubs(b.lines[0] as string, group) }))
    .filter((b) => b.subs.includes(sub))
    .flatMap((b) => b.lines)
    .map((l, i) => (i === 0 ? l.replace(/^(Usage: |\s{7})/, 'Usage: ') : l));
  const notes = blocks(body)
    .filter((b) => {
      const first = (b.lines[0] as string).trim().split(/\s+/)[0] ?? '';
      const named = SUB_WORD.test(first) ? first.split('|').filter((w) => subs.has(w)) : [];
      return named.length === 0 || named.includes(sub);
    })
    .flatMap((b) => b.lines);
  while (notes.length > 0 && (notes.at(-1) as string).trim() === '') notes.pop();
  return notes.length === 0 ? entries.join('\n') : `${entries.join('\n')}\n\n${notes.join('\n')}`;
}
