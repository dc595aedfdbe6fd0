// One table helper for the failure-mode commands: plain columns for a terminal, a GitHub
// Markdown table for job summaries and PR comments. Cells are single-line strings.

/** Columns padded to their widest cell, two spaces apart; trailing spaces trimmed. */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd()}\n`;
  return line(head) + rows.map(line).join('');
}

/** A Markdown table; `|`, newlines and backticks in cells cannot break its layout. */
export function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (c: string) => c.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |\n`;
  return line(head) + line(head.map(() => '---')) + rows.map(line).join('');
}
