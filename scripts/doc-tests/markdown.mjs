// Fenced code blocks of a Markdown file, with the line numbers needed to report a drift and to
// rewrite a block in place (update mode). Only ``` fences at the start of a line count, the way
// the docs are written; a fence inside a block (none today) would end it early, and the parser
// then reports the unclosed fence rather than guessing.

/**
 * @typedef {{ lang: string, info: string, directive: string | undefined, open: number, close: number, body: string[] }} Block
 * `open` and `close` are the 0-based line indexes of the fences; `body` the lines between them.
 * `directive` is the text of a `<!-- doctest: ... -->` comment on the line before the fence.
 */

const DIRECTIVE = /^<!--\s*doctest:\s*(.*?)\s*-->\s*$/;

/** @param {string} text @param {string} file @returns {Block[]} */
export function fencedBlocks(text, file) {
  const lines = text.split('\n');
  /** @type {Block[]} */
  const blocks = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const fence = /^```(.*)$/.exec(line);
    if (!fence) {
      i++;
      continue;
    }
    const info = (fence[1] ?? '').trim();
    const close = lines.findIndex((l, j) => j > i && l === '```');
    if (close < 0) throw new Error(`${file}:${i + 1}: a code fence is never closed`);
    const previous = i > 0 ? DIRECTIVE.exec(lines[i - 1] ?? '') : null;
    blocks.push({
      lang: info.split(/\s+/)[0] ?? '',
      info,
      directive: previous ? previous[1] : undefined,
      open: i,
      close,
      body: lines.slice(i + 1, close),
    });
    i = close + 1;
  }
  return blocks;
}

/** Replaces the bodies of some blocks (by `open` line) and returns the new text. */
export function replaceBodies(text, replacements) {
  const lines = text.split('\n');
  const ordered = [...replacements].sort((a, b) => b.block.open - a.block.open);
  for (const { block, body } of ordered) {
    lines.splice(block.open + 1, block.close - block.open - 1, ...body);
  }
  return lines.join('\n');
}
