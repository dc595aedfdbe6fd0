// A GitHub Markdown table for job summaries and PR comments. Apart from table.ts so that what
// prints Markdown does not load the `table` library (issue 16's cold start).

/** A Markdown table; `|`, newlines and backticks in cells cannot break its layout. */
export function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (c: string) => c.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |\n`;
  return line(head) + line(head.map(() => '---')) + rows.map(line).join('');
}
