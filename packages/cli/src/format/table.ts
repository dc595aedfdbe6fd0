import { getBorderCharacters, table } from 'table';

// The CLI's tables: plain columns for a terminal, laid out by the `table` library (widths by
// display width, so colour codes and wide characters do not skew the columns), and a GitHub
// Markdown table for job summaries and PR comments. Cells are single-line strings.

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

/** A Markdown table; `|`, newlines and backticks in cells cannot break its layout. */
export function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (c: string) => c.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |\n`;
  return line(head) + line(head.map(() => '---')) + rows.map(line).join('');
}
