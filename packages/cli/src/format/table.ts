import { getBorderCharacters, table } from 'table';

// The CLI's terminal tables: plain columns laid out by the `table` library (widths by display
// width, so colour codes and wide characters do not skew the columns). Cells are single-line
// strings. The Markdown tables are markdown-table.ts: they need no library.

const PLAIN = {
  border: getBorderCharacters('void'),
  columnDefault: { paddingLeft: 0, paddingRight: 2 },
  drawHorizontalLine: () => false,
} as const;

// `table` refuses control characters in cells; a cell's text may come from input (a task or
// approver name), so they become U+FFFD here. ESC stays: colour codes are the CLI's own.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const cellText = (c: string) => c.replace(/\r?\n/g, ' ').replace(/[\u0000-\u001a\u007f]/g, '\uFFFD');

/** Columns as wide as their widest cell, two spaces apart; trailing spaces trimmed. */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const data = [head, ...rows].map((r) => head.map((_, i) => cellText(r[i] ?? '')));
  return table(data, PLAIN)
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .map((l) => `${l}\n`)
    .join('');
}
