import { type Issue, joinPointer } from '../issues.js';
import { lineColumn } from './line-column.js';

type Frame =
  | { readonly kind: 'object'; readonly path: string; readonly keys: Set<string>; key: string }
  | { readonly kind: 'array'; readonly path: string; index: number };

// JSON.parse keeps the last of two equal keys; another parser (Go's, a signer's) may keep the
// first, so `"taskId": "other", "taskId": "mine"` would mean two things to two readers. One
// iterative pass over text JSON.parse has already accepted finds every key that repeats in
// its object, comparing keys after unescaping (`"task\u0049d"` is `taskId`).
export function duplicateKeys(text: string): Issue[] {
  const issues: Issue[] = [];
  const stack: Frame[] = [];
  let expectKey = false;
  const childPath = (): string => {
    const top = stack.at(-1);
    if (top === undefined) return '';
    return top.kind === 'object' ? joinPointer(top.path, top.key) : joinPointer(top.path, top.index);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (expectKey && top?.kind === 'object') {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key))
          issues.push({
            code: 'duplicate_key',
            path: joinPointer(top.path, key),
            message: `the key "${key}" appears more than once in its object`,
            position: lineColumn(text, i),
          });
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = end;
    } else if (c === '{') {
      stack.push({ kind: 'object', path: childPath(), keys: new Set(), key: '' });
      expectKey = true;
    } else if (c === '[') {
      stack.push({ kind: 'array', path: childPath(), index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'object') expectKey = true;
      else if (top?.kind === 'array') top.index++;
    }
  }
  return issues;
}
