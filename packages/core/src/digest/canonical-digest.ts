import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) canonical JSON of a JSON value. Throws TypeError for a value with no JSON
 * representation, and (canonicalize 5) for NaN, Infinity, a cycle or a string holding a lone
 * surrogate, which has no well-formed UTF-8 to hash.
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (e) {
    throw new TypeError(`the value has no canonical JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (text === undefined) throw new TypeError('the value has no JSON representation');
  return text;
}

/** `sha256:<hex>` of a value's canonical JSON: stable across key order and whitespace. */
export function canonicalDigest(value: unknown): string {
  return `sha256:${bytesToHex(sha256(utf8ToBytes(canonicalJson(value))))}`;
}
