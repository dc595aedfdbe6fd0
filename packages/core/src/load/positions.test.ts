import { describe, expect, test } from 'vitest';
import { TrustladderError } from '../errors.js';
import { loadDocument } from './document.js';
import { parseJson } from './json.js';
import { validateAgainst, withPositions } from './validate.js';
import { parseYaml } from './yaml.js';

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

  // Positions come from js-yaml's documented event offsets: a node starts at its anchor or
  // tag when it has one, at the opening quote of a quoted scalar, at the `|` or `>` of a block
  // scalar, and a mapping or sequence starts at its first key, dash or bracket.
  const at = (text: string, pointer: string) => {
    const parsed = parseYaml(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const issues = withPositions(
      [{ code: 'x', path: pointer, message: 'x' }],
      parsed.value.value,
      parsed.value.positions,
    );
    return issues[0]?.position;
  };

  test('a quoted, tagged, anchored or block YAML scalar starts at its first character', () => {
    const text = 'a: "q"\nb: !!str 1\nc: &x plain\nd: |\n  block\ne: # why\n  >-\n  folded\nf: *x\n';
    expect(at(text, '/a')).toEqual({ line: 1, column: 4 });
    expect(at(text, '/b')).toEqual({ line: 2, column: 4 });
    expect(at(text, '/c')).toEqual({ line: 3, column: 4 });
    expect(at(text, '/d')).toEqual({ line: 4, column: 4 });
    expect(at(text, '/e')).toEqual({ line: 7, column: 3 });
    expect(at(text, '/f')).toEqual({ line: 9, column: 4 });
  });

  test('a YAML mapping or sequence starts at its first key, dash or bracket', () => {
    const text = 'outer:\n  inner: 1\nlist:\n- 1\nflow: [1, {k: v}]\n';
    expect(at(text, '/outer/missing')).toEqual({ line: 2, column: 3 });
    expect(at(text, '/list/5')).toEqual({ line: 4, column: 1 });
    expect(at(text, '/flow/9')).toEqual({ line: 5, column: 7 });
    expect(at(text, '/flow/1/missing')).toEqual({ line: 5, column: 11 });
  });

  test('a YAML key is matched to its property as the schema resolves it', () => {
    // `1.0` is the property "1", `~` is "null", `!!str 2` is "2", and an alias key names what
    // its anchor holds: each value is found under the name the parsed object uses.
    const text = '"1.0": a\n1.0: b\n~: c\n!!str 2: d\n&k key: e\nother: {*k : f}\n';
    expect(at(text, '/1.0')).toEqual({ line: 1, column: 8 });
    expect(at(text, '/1')).toEqual({ line: 2, column: 6 });
    expect(at(text, '/null')).toEqual({ line: 3, column: 4 });
    expect(at(text, '/2')).toEqual({ line: 4, column: 10 });
    expect(at(text, '/key')).toEqual({ line: 5, column: 9 });
    expect(at(text, '/other/key')).toEqual({ line: 6, column: 14 });
  });
});
