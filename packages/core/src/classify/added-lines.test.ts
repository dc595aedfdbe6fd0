import { describe, expect, test } from 'vitest';
import { addedLines, readPatch } from './added-lines.js';

describe('addedLines', () => {
  test('reads the added lines of a hunk without the plus', () => {
    expect(addedLines('@@ -1,3 +1,4 @@\n-old\n+new line\n context\n+second\n')).toEqual([
      'new line',
      'second',
    ]);
  });

  test('skips file headers of a git diff but keeps an added line starting with ++', () => {
    const patch = [
      'diff --git a/x.sql b/x.sql',
      '--- a/x.sql',
      '+++ b/x.sql',
      '@@ -1 +1,2 @@',
      ' keep',
      '+++ DROP TABLE users;',
      '\\ No newline at end of file',
    ].join('\n');
    expect(addedLines(patch)).toEqual(['++ DROP TABLE users;']);
  });

  test('reads hunks of several files and the headers between them', () => {
    const patch = '@@ -0,0 +1 @@\n+first\ndiff --git a/b b/b\n--- a/b\n+++ b/b\n@@ -1 +1 @@\n-x\n+second\n';
    expect(addedLines(patch)).toEqual(['first', 'second']);
  });

  test('fails closed: a + line past a hunk that claims fewer lines still counts as added', () => {
    expect(addedLines('@@ -1,1 +1,1 @@\n-a\n+safe\n+DROP TABLE x\n')).toEqual(['safe', 'DROP TABLE x']);
  });

  test('reads a text with no hunk header line by line', () => {
    expect(addedLines('+a\n b\n-c\n+d')).toEqual(['a', 'd']);
  });

  test('an empty patch adds nothing', () => {
    expect(addedLines('')).toEqual([]);
  });

  test('handles CRLF line ends', () => {
    expect(addedLines('@@ -0,0 +1,2 @@\r\n+a\r\n+b\r\n')).toEqual(['a', 'b']);
  });

  test('reads the removed lines, and a --- header only when a +++ header follows it', () => {
    const patch = '--- a/x\n+++ b/x\n@@ -1,2 +1 @@\n-old\n--- not a header\n+new\n-stray\n';
    expect(readPatch(patch).removed).toEqual(['old', '-- not a header', 'stray']);
  });
});

describe('readPatch scopes', () => {
  const method = [
    '@@ -1,4 +1,11 @@',
    ' class M {',
    '   up() {',
    '+    add(x)',
    '   }',
    '+  down() {',
    '+',
    '+    this.sql(',
    '+      "drop x"',
    '+    )',
    '+  }',
    ' }',
  ].join('\n');

  test('a line is enclosed by the earlier lines of its hunk indented less, outermost first', () => {
    const { added, scopes } = readPatch(method);
    expect(added).toEqual([
      '    add(x)',
      '  down() {',
      '',
      '    this.sql(',
      '      "drop x"',
      '    )',
      '  }',
    ]);
    expect(scopes).toEqual([
      ['class M {', '  up() {'],
      ['class M {'],
      [],
      ['class M {', '  down() {'],
      ['class M {', '  down() {', '    this.sql('],
      ['class M {', '  down() {'],
      ['class M {'],
    ]);
  });

  test('a new hunk closes every block: its lines are enclosed only by what it shows', () => {
    const patch = '@@ -1 +1,2 @@\n def downgrade():\n+    pass\n@@ -9 +10,2 @@\n+    op.drop_table("t")\n';
    expect(readPatch(patch).scopes).toEqual([['def downgrade():'], []]);
  });

  test('a line that is no diff line closes every block; lines outside hunks are in none', () => {
    const patch = '@@ -1,2 +1,3 @@\n def down\ngarbage\n+  drop\n+  stray past the hunk\n';
    expect(readPatch(patch).scopes).toEqual([[], []]);
  });

  test('an Allman brace keeps the line before it open: a C# Down() body is enclosed by Down()', () => {
    const patch = [
      '@@ -0,0 +1,8 @@',
      '+    protected override void Down(MigrationBuilder b)',
      '+    {',
      '+        b.DropColumn("x");',
      '+    }',
      '+    void Up()',
      '+    {',
      '+    }',
      '+    after();',
    ].join('\n');
    expect(readPatch(patch).scopes).toEqual([
      [],
      [],
      ['    protected override void Down(MigrationBuilder b)', '    {'],
      [],
      [],
      [],
      [],
      [],
    ]);
  });

  test('a brace opens no block for the line before it unless that line is right before and as indented', () => {
    const at = (lines: string[]) =>
      readPatch(['@@ -0,0 +1,9 @@', ...lines.map((l) => `+${l}`)].join('\n')).scopes;
    // A blank line between: the brace is a bare block, its body is enclosed by the brace only.
    expect(at(['  down()', '', '  {', '    drop()'])[3]).toEqual(['  {']);
    // Another indent: a continuation, not a header.
    expect(at(['      down()', '  {', '    drop()'])[2]).toEqual(['  {']);
    // Text after the brace: not a lone brace.
    expect(at(['  down()', '  { // body', '    drop()'])[2]).toEqual(['  { // body']);
    // A context line is a header too; a hunk break forgets it.
    expect(readPatch('@@ -1,1 +1,3 @@\n   down()\n+  {\n+    drop()\n').scopes[1]).toEqual([
      '  down()',
      '  {',
    ]);
    expect(readPatch('@@ -1,1 +1,1 @@\n   down()\n@@ -5 +5,2 @@\n+  {\n+    drop()\n').scopes[1]).toEqual([
      '  {',
    ]);
    // A line that is no diff line forgets it.
    expect(readPatch('@@ -1,3 +1,4 @@\n   down()\nnoise\n+  {\n+    drop()\n').scopes[1]).toEqual(['  {']);
  });

  test('tabs count as one column each', () => {
    expect(readPatch('@@ -0,0 +1,2 @@\n+\tdown() {\n+  drop x\n').scopes).toEqual([[], ['\tdown() {']]);
  });
});
