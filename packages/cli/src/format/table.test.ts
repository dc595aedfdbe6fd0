import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import pc from 'picocolors';
import { expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';
import { textTable } from './table.js';

const c = pc.createColors(true);

/** The column where each cell after the first starts, per line, with colour codes removed. */
function starts(text: string, cells: readonly string[]): number[][] {
  return stripVTControlCharacters(text)
    .trimEnd()
    .split('\n')
    .map((line) => cells.map((cell) => line.indexOf(cell)));
}

test('columns line up by display width, with colour codes and wide characters in cells', () => {
  const out = textTable(
    [c.bold('NAME'), c.bold('TIER'), 'NOTE'],
    [
      ['a', c.red('T3'), 'x'],
      ['日本語', 'T0', 'y'],
      ['long-name-here', c.green('T1'), 'z'],
    ],
  );
  const lines = stripVTControlCharacters(out).split('\n');
  expect(lines[0]).toBe('NAME            TIER  NOTE');
  expect(lines[1]).toBe('a               T3    x');
  expect(lines[2]).toBe('日本語          T0    y');
  expect(lines[3]).toBe('long-name-here  T1    z');
  expect(out.endsWith('\n')).toBe(true);
});

test('control characters in a cell cannot break the layout', () => {
  const out = textTable(['A', 'B'], [['x\ty\u0000', 'line\nbreak']]);
  expect(out).toBe('A     B\nx\uFFFDy\uFFFD  line break\n');
});

test('the multi-input classify table aligns its TIER column on a terminal', async () => {
  const change = (path: string) => JSON.stringify({ files: [{ path, status: 'modified' }] });
  const dir = mkdtempSync(join(tmpdir(), 'tl-table-'));
  writeFileSync(`${dir}/a-much-longer-change-name.json`, change('db/migrations/001.sql'));
  writeFileSync(`${dir}/b.json`, change('README.md'));
  const run = fakeIo({ isTTY: true, cwd: dir });
  expect(
    await main(['classify', '--input', 'a-much-longer-change-name.json', '--input', 'b.json'], run),
  ).toBe(0);
  expect(run.err()).toBe('');
  rmSync(dir, { recursive: true, force: true });
  const out = run.out();
  expect(out).toContain('\u001b['); // coloured on a terminal
  const cols = starts(out, ['TIER', 'FLAGS']);
  const rows = stripVTControlCharacters(out).trimEnd().split('\n');
  const tierAt = cols[0]?.[0] as number;
  const flagsAt = cols[0]?.[1] as number;
  for (const row of rows.slice(1)) {
    expect(row.slice(tierAt, tierAt + 2)).toMatch(/^T[0-3]$/);
    expect(row[flagsAt - 1]).toBe(' ');
    expect(row[flagsAt]).not.toBe(' ');
  }
});
