import { CORE_SCHEMA, constructFromEvents, EVENT_ID, type Event, parseEvents, SCALAR_STYLE } from 'js-yaml';
import type { Issue, Result, SourcePosition } from '../issues.js';
import { fail, ok } from '../issues.js';
import { byteOrderMark } from './byte-order-mark.js';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits, utf8Length } from './limits.js';
import { DocumentPositions, lineIndex, rememberPositions } from './positions.js';
import { checkTree } from './tree.js';
import { withPositions } from './validate.js';
import { eventPositions, type KeyOf } from './yaml-positions.js';

export interface ParsedDocument {
  readonly value: unknown;
  /**
   * Start position of every mapping and sequence, for pointing issues at lines (a
   * DocumentPositions, which also holds where each member's value starts).
   */
  readonly positions: WeakMap<object, SourcePosition>;
}

// Parses YAML with the YAML 1.2 core schema only: no custom tags, no JS types, no
// timestamps turned into Dates, and `yes`/`no` stay strings. The text is untrusted: size and
// nesting are bounded, and an alias to a mapping or sequence is refused (anchors are never
// needed in a policy file, and shared nodes are how alias bombs explode downstream).
export function parseYaml(
  text: string,
  limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
): Result<ParsedDocument> {
  const size = utf8Length(text);
  if (size > limits.maxBytes) {
    return fail([
      {
        code: 'too_large',
        path: '',
        message: `document is ${size} bytes, more than the ${limits.maxBytes} allowed`,
      },
    ]);
  }
  const bom = byteOrderMark(text);
  if (bom.length > 0) return fail(bom);
  let events: Event[];
  let documents: unknown[];
  try {
    // The documented event API: the parser bounds nesting before anything is built, and
    // every event carries its source offsets, from which positions are exact.
    events = parseEvents(text, { maxDepth: limits.maxDepth });
    documents = constructFromEvents(events, { source: text, schema: CORE_SCHEMA, json: false });
  } catch (e) {
    const err = e as { reason?: string; message?: string; mark?: { line: number; column: number } };
    const issue: Issue = {
      code: 'syntax',
      path: '',
      message: `invalid YAML: ${err.reason ?? err.message ?? String(e)}`,
      ...(err.mark ? { position: { line: err.mark.line + 1, column: err.mark.column + 1 } } : {}),
    };
    return fail([issue]);
  }
  // One document per file: a second one would be ignored by one reader and read by another.
  if (documents.length > 1)
    return fail([
      {
        code: 'syntax',
        path: '',
        message: 'invalid YAML: expected a single document in the stream, but found more',
      },
    ]);
  // An empty text (or only comments) is no document: undefined, which every schema refuses.
  const value = documents[0];
  const document = events.find((e) => e.type === EVENT_ID.DOCUMENT);
  const positions = document
    ? eventPositions(text, events, value, lineIndex(text), keyNames(text, document))
    : new DocumentPositions();
  // Positions first, so a refused alias or key is reported where it is written.
  const treeIssues = checkTree(value, limits, 'YAML');
  if (treeIssues.length > 0) return fail(withPositions(treeIssues, value, positions));
  rememberPositions(value, positions);
  return ok({ value, positions });
}

// The property name js-yaml gave a key: a scalar key is constructed alone, with the same
// schema and its document's directives, so `1.0`, `~` and `!!str 1` name what the mapping
// holds; an alias key names what its anchor did. Keys repeat (every rule has an `id`), so an
// untagged flow key's name is remembered by its style and text.
function keyNames(text: string, document: Event): KeyOf {
  const names = new Map<string, string>();
  return (event, anchors) => {
    if (event.type === EVENT_ID.ALIAS) {
      const name = text.slice(event.anchorStart, event.anchorEnd);
      const target = anchors.get(name);
      return anchors.has(name) && (target === null || typeof target !== 'object')
        ? String(target)
        : undefined;
    }
    if (event.type !== EVENT_ID.SCALAR) return undefined;
    // A flow scalar's text decides its value; a block scalar's also depends on its indentation.
    const flow = event.style !== SCALAR_STYLE.LITERAL_BLOCK && event.style !== SCALAR_STYLE.FOLDED_BLOCK;
    const memo =
      flow && event.tagStart < 0
        ? `${event.style}:${text.slice(event.valueStart, event.valueEnd)}`
        : undefined;
    const known = memo === undefined ? undefined : names.get(memo);
    if (known !== undefined) return known;
    // The whole stream was constructed already, so this cannot fail; if it did, the value
    // only goes without a position of its own.
    try {
      const scalar = { ...event, anchorStart: -1, anchorEnd: -1 };
      const [key] = constructFromEvents([document, scalar, { type: EVENT_ID.POP }], {
        source: text,
        schema: CORE_SCHEMA,
      });
      const name = String(key);
      if (memo !== undefined) names.set(memo, name);
      return name;
    } catch {
      return undefined;
    }
  };
}
