import { EVENT_ID, type Event, SCALAR_STYLE } from 'js-yaml';
import type { SourcePosition } from '../issues.js';
import { DocumentPositions } from './positions.js';

interface Container {
  readonly node: unknown;
  readonly kind: 'sequence' | 'mapping';
  index: number;
  /** In a mapping: whether a key comes next (else its value). */
  expectKey: boolean;
  /** The property the next value is under; undefined when its key could not be named. */
  key: string | undefined;
}

type NodeEvent = Exclude<Event, { type: typeof EVENT_ID.DOCUMENT | typeof EVENT_ID.POP }>;

/** Resolves a key's event (a scalar or an alias) to the string js-yaml used as the property name. */
export type KeyOf = (event: NodeEvent, anchors: ReadonlyMap<string, unknown>) => string | undefined;

// Walks js-yaml's documented event stream (source offsets, zero-based) beside the value
// js-yaml constructed from the same events, and records where every mapping and sequence
// starts and where every member's value starts (its anchor or tag when it has one), so an
// issue about a scalar points at the scalar itself. Only the first document is walked; the
// caller refuses streams with more. Iterative: the events are flat.
export function eventPositions(
  text: string,
  events: readonly Event[],
  root: unknown,
  at: (offset: number) => SourcePosition,
  keyOf: KeyOf,
): DocumentPositions {
  const positions = new DocumentPositions();
  const stack: Container[] = [];
  const anchors = new Map<string, unknown>();
  // End of the last scalar or alias read: a block scalar's indicator is the first `|` or `>`
  // after it, outside comments.
  let lastEnd = 0;
  let documents = 0;
  for (const event of events) {
    if (event.type === EVENT_ID.DOCUMENT) {
      if (++documents > 1) break;
      continue;
    }
    if (event.type === EVENT_ID.POP) {
      stack.pop();
      continue;
    }
    const start = nodeStart(text, event, lastEnd);
    if (event.type === EVENT_ID.SCALAR) lastEnd = scalarEnd(event);
    else if (event.type === EVENT_ID.ALIAS) lastEnd = event.anchorEnd;
    else lastEnd = event.start + 1;
    const parent = stack.at(-1);
    let value: unknown;
    let token: string | undefined;
    if (parent === undefined) value = root;
    else if (parent.kind === 'sequence') {
      token = String(parent.index++);
      value = (parent.node as unknown[] | undefined)?.[Number(token)];
    } else if (parent.expectKey) {
      // A key: remember which property the next value is, and never descend into a key.
      const key = keyOf(event, anchors);
      parent.key = key;
      parent.expectKey = false;
      if (event.type === EVENT_ID.SCALAR && event.anchorStart >= 0)
        anchors.set(text.slice(event.anchorStart, event.anchorEnd), key);
      if (event.type === EVENT_ID.SEQUENCE || event.type === EVENT_ID.MAPPING)
        stack.push({ node: undefined, kind: kindOf(event), index: 0, expectKey: true, key: undefined });
      continue;
    } else {
      token = parent.key;
      parent.expectKey = true;
      value =
        token !== undefined &&
        parent.node !== null &&
        typeof parent.node === 'object' &&
        Object.hasOwn(parent.node, token)
          ? (parent.node as Record<string, unknown>)[token]
          : undefined;
    }
    if (event.type !== EVENT_ID.ALIAS && event.anchorStart >= 0)
      anchors.set(text.slice(event.anchorStart, event.anchorEnd), value);
    const position = at(start);
    if (parent?.node !== null && typeof parent?.node === 'object' && token !== undefined)
      positions.setChild(parent.node, token, position);
    if (event.type === EVENT_ID.SEQUENCE || event.type === EVENT_ID.MAPPING) {
      if (value !== null && typeof value === 'object' && !positions.has(value))
        positions.set(value, position);
      stack.push({ node: value, kind: kindOf(event), index: 0, expectKey: true, key: undefined });
    }
  }
  return positions;
}

function kindOf(event: { type: number }): 'sequence' | 'mapping' {
  return event.type === EVENT_ID.SEQUENCE ? 'sequence' : 'mapping';
}

function scalarEnd(event: Extract<Event, { type: typeof EVENT_ID.SCALAR }>): number {
  const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
  return quoted ? event.valueEnd + 1 : event.valueEnd;
}

// Where a node starts in the text: its anchor (`&a`, `*a`) or tag when written before it,
// else its content. js-yaml's offsets point inside the quotes of a quoted scalar, after the
// `&` or `*` of an anchor, and at the first content line of a block scalar.
function nodeStart(text: string, event: NodeEvent, lastEnd: number): number {
  const starts: number[] = [];
  if (event.anchorStart >= 0) starts.push(event.anchorStart - 1);
  if (event.type === EVENT_ID.ALIAS) return Math.min(...starts);
  if (event.tagStart >= 0) starts.push(event.tagStart);
  if (event.type !== EVENT_ID.SCALAR) starts.push(event.start);
  else if (event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED)
    starts.push(event.valueStart - 1);
  else if (event.style === SCALAR_STYLE.LITERAL_BLOCK || event.style === SCALAR_STYLE.FOLDED_BLOCK)
    starts.push(blockIndicator(text, Math.max(lastEnd, event.anchorEnd, event.tagEnd), event.valueStart));
  else starts.push(event.valueStart);
  return Math.min(...starts);
}

// The `|` or `>` that opens a block scalar: the first one after `from` that is not in a
// comment (between a key and its block scalar there are only indicators, spaces, comments
// and the node's anchor and tag, which `from` is already past).
function blockIndicator(text: string, from: number, content: number): number {
  let i = from;
  while (i < content) {
    const c = text[i];
    if (c === '|' || c === '>') return i;
    if (c === '#') while (i < content && text[i] !== '\n') i++;
    else i++;
  }
  return content;
}
