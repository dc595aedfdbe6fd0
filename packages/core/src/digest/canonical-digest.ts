import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) canonical JSON of a JSON value. Throws TypeError for a value with no JSON
 * representation, and (canonicalize 5) for NaN, Infinity, a cycle or a string holding a lone
 * surrogate, which has no well-formed UTF-8 to hash.
 */
export function canonicalJson(value: unknown): string {
  // Plain JSON data (what events, policies and predicates are) takes the fast serialiser;
  // anything else (toJSON, undefined, functions, non-finite numbers, class instances, lone
  // surrogates, cycles) the library, whose answer (or refusal) defines the form. A property
  // test holds the two equal.
  const fast = plainJsonOrUndefined(value);
  if (fast !== undefined) return fast;
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (e) {
    throw new TypeError(`the value has no canonical JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (text === undefined) throw new TypeError('the value has no JSON representation');
  return text;
}

/**
 * RFC 8785 of plain JSON data (null, booleans, finite numbers, strings, arrays, objects with
 * Object.prototype or no prototype), or undefined when the value holds anything else.
 * Strings and numbers are written by JSON.stringify, as RFC 8785 specifies for ECMAScript;
 * keys are sorted by UTF-16 code units, as Array.prototype.sort does.
 */
export function plainJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      // A lone surrogate has no well-formed UTF-8: the library refuses it.
      return value.isWellFormed() ? JSON.stringify(value) : undefined;
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item = plainJson(value[i]);
          if (item === undefined) return undefined;
          out += i === 0 ? item : `,${item}`;
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return undefined;
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return undefined;
      const keys = Object.keys(value).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        if (!key.isWellFormed()) return undefined;
        const item = plainJson((value as Record<string, unknown>)[key]);
        if (item === undefined) return undefined;
        out += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${item}`;
      }
      return `${out}}`;
    }
    default:
      return undefined;
  }
}

/** plainJson, or undefined when it cannot answer (a cycle or a nesting past the stack). */
function plainJsonOrUndefined(value: unknown): string | undefined {
  try {
    return plainJson(value);
  } catch {
    return undefined;
  }
}

/** `sha256:<hex>` of a value's canonical JSON: stable across key order and whitespace. */
export function canonicalDigest(value: unknown): string {
  return `sha256:${bytesToHex(sha256(utf8ToBytes(canonicalJson(value))))}`;
}
