import { describe, expect, test } from 'vitest';
import { celString, celStringList } from './cel.js';

// What goes into a generated policy's CEL literals: a value that broke out of its quotes
// would change the admission rule, so escaping is pinned even though attestors.yaml's schema
// already forbids quotes and backslashes.

describe('celString', () => {
  test('escapes a backslash and a single quote, so the value stays one literal', () => {
    expect(celString("a\\b'c")).toBe("'a\\\\b\\'c'");
    expect(celString('plain')).toBe("'plain'");
  });
});

describe('celStringList', () => {
  test('is a CEL list of literals separated by a comma and a space', () => {
    expect(celStringList(['a', "b'"])).toBe("['a', 'b\\'']");
    expect(celStringList([])).toBe('[]');
  });
});
