import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs script without declarations
import { fencedBlocks, replaceBodies } from './markdown.mjs';
// @ts-expect-error plain .mjs script without declarations
import { normaliseOutput, outputMatches, parseTranscript, updatedOutput } from './transcript.mjs';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('parseTranscript', () => {
  it('splits commands, continuation lines, expected exits and outputs', () => {
    const steps = parseTranscript([
      '$ trustladder classify --input a.json \\',
      '    --json   # exit 1',
      '{',
      '}',
      '$ true',
    ]);
    expect(steps).toEqual([
      {
        line: 0,
        command: 'trustladder classify --input a.json \\\n    --json   # exit 1',
        commandLines: ['$ trustladder classify --input a.json \\', '    --json   # exit 1'],
        exit: 1,
        expected: ['{', '}'],
      },
      { line: 4, command: 'true', commandLines: ['$ true'], exit: 0, expected: [] },
    ]);
  });

  it('refuses output before the first command (a block that is not a transcript)', () => {
    expect(() => parseTranscript(['bash scripts/demo.sh'])).toThrow(/before any "\$ " command/);
  });
});

describe('outputMatches', () => {
  it('compares exactly apart from trailing spaces and blank lines', () => {
    expect(outputMatches(['T3  irreversible'], normaliseOutput('T3  irreversible  \n\n'))).toBe(true);
    expect(outputMatches(['T3  irreversible'], normaliseOutput('T3 irreversible'))).toBe(false);
    expect(outputMatches(['T3'], normaliseOutput('T3\nT1'))).toBe(false);
    expect(outputMatches(['T3', 'T1'], normaliseOutput('T3'))).toBe(false);
  });

  it('reads any full or 12-digit digest as sha256:... on both sides', () => {
    expect(outputMatches(['policy sha256:...'], normaliseOutput(`policy ${DIGEST}`))).toBe(true);
    expect(outputMatches([`policy ${DIGEST}`], normaliseOutput('policy sha256:4955aa89a666'))).toBe(true);
    expect(outputMatches(['policy sha256:...'], normaliseOutput('policy sha256:4955'))).toBe(false);
  });

  it('matches <time> and <id> only where the doc writes them', () => {
    const id = '7793b296-1aca-4912-b085-000e73925e8a';
    expect(outputMatches(['at <time> by <id>'], [`at 2026-05-04T10:00:00.123Z by ${id}`])).toBe(true);
    expect(outputMatches(['at 2026-05-04T10:00:00Z'], ['at 2026-05-04T10:00:01Z'])).toBe(false);
    expect(outputMatches(['at <time>'], ['at yesterday'])).toBe(false);
    expect(outputMatches([`by ${id}`], ['by 00000000-1aca-4912-b085-000e73925e8a'])).toBe(false);
  });

  it('treats the rest of a doc line as literal text, not a pattern', () => {
    expect(outputMatches(['a.b (2) [x]'], ['aXb (2) [x]'])).toBe(false);
    expect(outputMatches(['a.b (2) [x]'], ['a.b (2) [x]'])).toBe(true);
  });
});

describe('updatedOutput', () => {
  it('keeps doc lines that still match and takes the program output for the rest', () => {
    const id = '7793b296-1aca-4912-b085-000e73925e8a';
    expect(updatedOutput(['at <time>', 'old'], ['at 2026-01-01T00:00:00Z', `new ${id}`, 'more'])).toEqual([
      'at <time>',
      'new <id>',
      'more',
    ]);
  });
});

describe('fencedBlocks and replaceBodies', () => {
  const text = ['# doc', '<!-- doctest: continue -->', '```console', '$ true', 'old', '```', 'after'].join(
    '\n',
  );

  it('finds blocks with their directive and rewrites a body in place', () => {
    const [block] = fencedBlocks(text, 'doc.md');
    expect(block).toMatchObject({
      lang: 'console',
      directive: 'continue',
      open: 2,
      close: 5,
      body: ['$ true', 'old'],
    });
    expect(replaceBodies(text, [{ block, body: ['$ true'] }])).toBe(
      ['# doc', '<!-- doctest: continue -->', '```console', '$ true', '```', 'after'].join('\n'),
    );
  });

  it('refuses an unclosed fence', () => {
    expect(() => fencedBlocks('```ts\nconst a = 1;\n', 'doc.md')).toThrow(
      /doc.md:1: a code fence is never closed/,
    );
  });
});
