import { describe, expect, test } from 'vitest';
import { TrustladderError } from '../errors.js';
import { loadDocument } from './document.js';
import { parseJson } from './json.js';
import { validateAgainst } from './validate.js';

// Issues carry the line and column of what they are about: a scalar's own position in YAML
// and in JSON (not its mapping's), and JSON inputs get positions at all.

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (e) {
    if (e instanceof TrustladderError) return e.issues;
    throw e;
  }
  throw new Error('no error');
}

const CHANGE_YAML = `files:
  - path: a.ts
    status: modified
  - path: b.ts
    status: bogus
`;

const CHANGE_JSON = `{
  "files": [
    { "path": "a.ts", "status": "modified" },
    {
      "path": "b.ts",
      "status": "bogus"
    }
  ]
}
`;

describe('positions', () => {
  test('a bad YAML scalar is reported at its own line and column', () => {
    const issues = issuesOf(() => loadDocument(CHANGE_YAML, 'change', { source: 'c.yaml' }));
    expect(issues).toContainEqual(
      expect.objectContaining({ path: '/files/1/status', position: { line: 5, column: 13 } }),
    );
  });

  test('a bad JSON scalar is reported at its own line and column', () => {
    const issues = issuesOf(() => loadDocument(CHANGE_JSON, 'change', { source: 'c.json' }));
    expect(issues).toContainEqual(
      expect.objectContaining({ path: '/files/1/status', position: { line: 6, column: 17 } }),
    );
  });

  test('a missing JSON property points at the object that lacks it', () => {
    const text = '{\n  "files": [\n    {\n      "status": "added"\n    }\n  ]\n}\n';
    const issues = issuesOf(() => loadDocument(text, 'change', { source: 'c.json' }));
    expect(issues).toContainEqual(
      expect.objectContaining({ path: '/files/0/path', position: { line: 3, column: 5 } }),
    );
  });

  test('a value parsed by parseJson keeps its positions when validated later, without passing them', () => {
    const parsed = parseJson(CHANGE_JSON);
    if (!parsed.ok) throw new Error('unparsed');
    const issues = validateAgainst('change', parsed.value.value);
    expect(issues).toContainEqual(
      expect.objectContaining({ path: '/files/1/status', position: { line: 6, column: 17 } }),
    );
  });

  test('JSON strings with escapes, nesting and empty containers do not throw the scan off', () => {
    const text = '{"a\\"b": [[], {}, "x,}]"], "files": [{"path": "q\\\\.ts", "status": 5}]}';
    const parsed = parseJson(text);
    if (!parsed.ok) throw new Error('unparsed');
    const issues = validateAgainst('change', parsed.value.value);
    const status = issues.find((i) => i.path === '/files/0/status');
    expect(status?.position).toEqual({ line: 1, column: text.indexOf('5}') + 1 });
  });

  test('a YAML value after a comment and a line break starts where it is written', () => {
    const text = 'files:\n  - path: a.ts\n    status: # why\n      bogus\n';
    const issues = issuesOf(() => loadDocument(text, 'change', { source: 'c.yaml' }));
    expect(issues).toContainEqual(
      expect.objectContaining({ path: '/files/0/status', position: { line: 4, column: 7 } }),
    );
  });
});
