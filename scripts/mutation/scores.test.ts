import { describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { originalText, scoreFile } from './scores.mjs';

// The mutation gate decides whether CI passes: a miscounted status or a too-eager
// equivalence match would let a weakened test suite through.

const SOURCE = 'const a = b === c;\nif (x) {\n  y();\n}\n';

function mutant(status: string, line: number, column: number, endColumn: number, extra = {}) {
  return {
    id: `${line}:${column}:${status}`,
    mutatorName: 'EqualityOperator',
    replacement: 'b !== c',
    status,
    location: { start: { line, column }, end: { line, column: endColumn } },
    ...extra,
  };
}

describe('originalText', () => {
  test('reads one line by 1-based columns, and spans lines', () => {
    expect(originalText(SOURCE, { start: { line: 1, column: 11 }, end: { line: 1, column: 18 } })).toBe(
      'b === c',
    );
    expect(originalText(SOURCE, { start: { line: 2, column: 8 }, end: { line: 4, column: 2 } })).toBe(
      '{\n  y();\n}',
    );
  });
});

describe('scoreFile', () => {
  const file = 'src/a.ts';

  test('detected over detected and undetected; compile errors and ignored mutants do not count', () => {
    const result = {
      source: SOURCE,
      mutants: [
        mutant('Killed', 1, 11, 18),
        mutant('Timeout', 1, 11, 18),
        mutant('Killed', 1, 11, 18),
        mutant('Survived', 1, 11, 18),
        mutant('NoCoverage', 1, 11, 18),
        mutant('CompileError', 1, 11, 18),
        mutant('Ignored', 1, 11, 18),
      ],
    };
    const { score, counts, survivors } = scoreFile(file, result, []);
    expect(score).toBe(60);
    expect(counts).toMatchObject({
      killed: 2,
      timeout: 1,
      survived: 1,
      noCoverage: 1,
      compileError: 1,
      ignored: 1,
    });
    expect(survivors.map((s: { mutant: { status: string } }) => s.mutant.status)).toEqual([
      'Survived',
      'NoCoverage',
    ]);
  });

  test('a status it does not know (a runtime error) counts against the score, never for it', () => {
    const { score } = scoreFile(
      file,
      { source: SOURCE, mutants: [mutant('Killed', 1, 11, 18), mutant('RuntimeError', 1, 11, 18)] },
      [],
    );
    expect(score).toBe(50);
  });

  test('an equivalent mutant is left out only when file, mutator, original and replacement all match', () => {
    const entry = {
      file,
      mutator: 'EqualityOperator',
      original: 'b === c',
      replacement: 'b !== c',
      reason: 'r',
    };
    const result = { source: SOURCE, mutants: [mutant('Killed', 1, 11, 18), mutant('Survived', 1, 11, 18)] };
    const listed = scoreFile(file, result, [entry]);
    // Both mutants match the entry (same text): neither counts, so nothing is left to prove.
    expect(listed.counts.equivalent).toBe(2);
    expect(listed.matched.has(entry)).toBe(true);
    for (const other of [
      { ...entry, file: 'src/b.ts' },
      { ...entry, mutator: 'ConditionalExpression' },
      { ...entry, original: 'b == c' },
      { ...entry, replacement: 'true' },
    ]) {
      const r = scoreFile(file, result, [other]);
      expect(r.score).toBe(50);
      expect(r.matched.size).toBe(0);
    }
  });

  test('a file with no valid mutant scores 100', () => {
    expect(scoreFile(file, { source: SOURCE, mutants: [mutant('CompileError', 1, 11, 18)] }, []).score).toBe(
      100,
    );
  });
});
