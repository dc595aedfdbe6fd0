import type { FileHandle } from 'node:fs/promises';

/** One line of a file: its text, where it starts, where the next one starts. */
export interface FileLine {
  readonly text: string;
  readonly offset: number;
  readonly next: number;
  /** False only for a last line with no newline. */
  readonly terminated: boolean;
}

const CHUNK = 1 << 20;

/**
 * Reads the lines of [start, end) in chunks, a chunk's worth of lines at a time. Splits on the
 * byte 0x0A, which never occurs inside a multi-byte UTF-8 sequence.
 */
export async function* readLines(fh: FileHandle, start: number, end: number): AsyncGenerator<FileLine[]> {
  let pos = start;
  let carry: Buffer = Buffer.alloc(0);
  let carryOffset = start;
  while (pos < end) {
    const len = Math.min(CHUNK, end - pos);
    const buf = Buffer.allocUnsafe(len);
    const { bytesRead } = await fh.read(buf, 0, len, pos);
    if (bytesRead === 0) break;
    pos += bytesRead;
    const chunk =
      carry.length > 0 ? Buffer.concat([carry, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
    const lines: FileLine[] = [];
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(10, from);
      if (nl < 0) break;
      lines.push({
        text: chunk.toString('utf8', from, nl),
        offset: carryOffset + from,
        next: carryOffset + nl + 1,
        terminated: true,
      });
      from = nl + 1;
    }
    carry = Buffer.from(chunk.subarray(from));
    carryOffset += from;
    if (lines.length > 0) yield lines;
  }
  if (carry.length > 0)
    yield [
      {
        text: carry.toString('utf8'),
        offset: carryOffset,
        next: carryOffset + carry.length,
        terminated: false,
      },
    ];
}
