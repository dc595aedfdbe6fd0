import type { Issue, SourcePosition } from '../../../issues.js';
import { parseYaml } from '../../../load/index.js';

export interface YamlDocument {
  readonly value: unknown;
  /** The document's first line in the file. */
  readonly line: number;
  /** Positions within the document; add `offset` for the line in the file. */
  readonly positions: WeakMap<object, SourcePosition>;
  readonly offset: number;
}

/** Issues found in one document, with their lines made true to the whole file. */
export function shiftIssues(issues: readonly Issue[], doc: YamlDocument): Issue[] {
  return issues.map((i) =>
    i.position
      ? { ...i, position: { ...i.position, line: i.position.line + doc.offset } }
      : { ...i, position: { line: doc.line, column: 1 } },
  );
}

// Splits a YAML stream into its documents (Backstage and Kubernetes files hold several,
// separated by `---`) and parses each with the strict loader, keeping line numbers true to
// the whole file. A `---` inside a block scalar would be split too; manifests do not have one,
// and a wrong split only makes a document fail to parse, which the caller reports.
export function parseYamlDocuments(
  text: string,
): Array<YamlDocument | { readonly issues: readonly Issue[] }> {
  const lines = text.split('\n');
  const docs: Array<{ start: number; body: string[] }> = [{ start: 0, body: [] }];
  lines.forEach((line, i) => {
    if (/^---(\s|$)/.test(line)) docs.push({ start: i + 1, body: [] });
    else if (/^\.\.\.\s*$/.test(line)) docs.push({ start: i + 1, body: [] });
    else (docs[docs.length - 1] as { body: string[] }).body.push(line);
  });
  const out: Array<YamlDocument | { issues: readonly Issue[] }> = [];
  for (const doc of docs) {
    const body = doc.body.join('\n');
    if (body.trim() === '' || body.split('\n').every((l) => /^\s*(#.*)?$/.test(l))) continue;
    const parsed = parseYaml(body);
    if (!parsed.ok) {
      out.push({
        issues: parsed.issues.map((issue) =>
          issue.position
            ? { ...issue, position: { ...issue.position, line: issue.position.line + doc.start } }
            : { ...issue, position: { line: doc.start + 1, column: 1 } },
        ),
      });
    } else
      out.push({
        value: parsed.value.value,
        line: doc.start + 1,
        positions: parsed.value.positions,
        offset: doc.start,
      });
  }
  return out;
}
