import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { parseJson } from './json.js';
import { DocumentPositions } from './positions.js';
import { parseYaml } from './yaml.js';

const numRuns = Number(process.env.TRUSTLADDER_PROP_RUNS ?? 1000);
const seed = Number(process.env.TRUSTLADDER_PROP_SEED ?? 20261122);
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

// Every position a loader recorded, by JSON pointer: `#` for where a container starts, the
// bare pointer for where a member's value starts.
function positionsByPointer(value: unknown, positions: WeakMap<object, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const children = positions instanceof DocumentPositions ? positions.children : undefined;
  const walk = (node: unknown, path: string): void => {
    if (node === null || typeof node !== 'object') return;
    out.set(`${path}#`, positions.get(node));
    for (const [key, child] of Object.entries(node)) {
      out.set(`${path}/${key}`, children?.get(node)?.get(key));
      walk(child, `${path}/${key}`);
    }
  };
  walk(value, '');
  return out;
}

const plainKeys = (value: unknown): boolean =>
  value === null ||
  typeof value !== 'object' ||
  Object.entries(value).every(([k, v]) => !FORBIDDEN.has(k) && plainKeys(v));

describe('the bounded YAML reader', () => {
  // JSON is YAML: the JSON reader finds positions by its own scan of the text, so the two
  // agreeing on every pointer, on any indentation, checks the YAML positions against an
  // independent oracle (keys that are numbers, escapes and empty containers included).
  test.prop([fc.jsonValue({ maxDepth: 8 }), fc.constantFrom(0, 1, 2, 4)], { numRuns, seed })(
    'reads JSON as JSON.parse does, with every position where the JSON reader finds it',
    (value, indent) => {
      if (!plainKeys(value)) return;
      const text = JSON.stringify(value, null, indent);
      const yaml = parseYaml(text);
      const json = parseJson(text);
      if (!yaml.ok || !json.ok) throw new Error(JSON.stringify([yaml, json]));
      expect(yaml.value.value).toEqual(json.value.value);
      expect(positionsByPointer(yaml.value.value, yaml.value.positions)).toEqual(
        positionsByPointer(json.value.value, json.value.positions),
      );
    },
  );
});
