import type { DocumentPositions } from './positions.js';
import { lineIndex } from './positions.js';

// Positions of a JSON text that JSON.parse already accepted (and whose tree passed the depth
// bound): one pass over the text beside the parsed value, recording where every object and
// array starts and where every member's value starts.
export function scanJsonPositions(text: string, value: unknown, positions: DocumentPositions): void {
  const at = lineIndex(text);
  let i = 0;
  const skip = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const stringEnd = (from: number) => {
    let j = from + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    return j + 1;
  };
  const scan = (node: unknown): void => {
    skip();
    const c = text[i];
    if (c === '{' && node !== null && typeof node === 'object') {
      positions.set(node, at(i));
      i++;
      skip();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skip();
        const end = stringEnd(i);
        const key = JSON.parse(text.slice(i, end)) as string;
        i = end;
        skip();
        i++; // ':'
        skip();
        positions.setChild(node, key, at(i));
        scan((node as Record<string, unknown>)[key]);
        skip();
        if (text[i++] === '}') return;
      }
    }
    if (c === '[' && Array.isArray(node)) {
      positions.set(node, at(i));
      i++;
      skip();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        skip();
        positions.setChild(node, String(index), at(i));
        scan(node[index]);
        skip();
        if (text[i++] === ']') return;
      }
    }
    // A scalar: step over it (strings may hold any character; the rest ends at , } ] or space).
    if (c === '"') i = stringEnd(i);
    else while (i < text.length && !',}] \t\n\r'.includes(text[i] as string)) i++;
  };
  scan(value);
}
