// Mutation testing of the modules that decide (docs/mutation-testing.md). Run it through
// `pnpm test:mutation` (scripts/mutation/run.mjs): that runs Stryker one file at a time, each
// with its own committed incremental baseline, and holds each file to its group's threshold.

/** The deciding modules, by group, with the score each file must reach. */
export const groups = [
  {
    name: 'gates',
    threshold: 90,
    files: [
      'packages/attest/src/review-gate.ts',
      'packages/attest/src/approval.ts',
      'packages/core/src/dispatch/check-dispatch.ts',
    ],
  },
  {
    name: 'fold',
    threshold: 90,
    files: [
      'packages/core/src/ladder/projection.ts',
      'packages/core/src/ladder/replay.ts',
      'packages/core/src/ladder/instant.ts',
    ],
  },
  { name: 'verify', threshold: 90, files: ['packages/ledger/src/verify.ts'] },
  {
    name: 'chain',
    threshold: 90,
    files: ['packages/ledger/src/record-codec.ts', 'packages/ledger/src/chain-reader.ts'],
  },
  {
    name: 'classify',
    threshold: 85,
    files: [
      'packages/core/src/classify/evaluate.ts',
      'packages/core/src/classify/kleene.ts',
      'packages/core/src/classify/normalise-path.ts',
      'packages/core/src/classify/normalise-change.ts',
      'packages/core/src/classify/added-lines.ts',
      'packages/core/src/classify/compile-policy.ts',
      'packages/core/src/classify/prepare-policy.ts',
      'packages/core/src/classify/prepared-snapshot.ts',
      'packages/core/src/classify/resolve-layers.ts',
      'packages/core/src/classify/glob/compile-glob.ts',
      'packages/core/src/classify/glob/expand-braces.ts',
      'packages/core/src/classify/glob/glob-regex.ts',
      'packages/core/src/classify/glob/glob-set.ts',
      'packages/core/src/classify/glob/glob-set-snapshot.ts',
      'packages/core/src/classify/glob/parse-glob.ts',
    ],
  },
  { name: 'remediation', threshold: 85, files: ['packages/core/src/remediation/decide.ts'] },
  {
    name: 'kyverno',
    threshold: 85,
    files: [
      'packages/kyverno/src/generate/generate.ts',
      'packages/kyverno/src/generate/tier-policy.ts',
      'packages/kyverno/src/generate/namespace-label-policy.ts',
      'packages/kyverno/src/generate/read-only-policy.ts',
      'packages/kyverno/src/generate/cel.ts',
      'packages/kyverno/src/generate/names.ts',
      'packages/kyverno/src/generate/annotations.ts',
    ],
  },
];

/**
 * Mutants that no test can kill because the program behaves the same (equivalent), each with
 * the reason. Matched by file, mutator, the original text and the replacement (not by line, so
 * an edit above does not unpin it); left out of the score. Message-only mutants are ignored by
 * the `message-only` ignorer (scripts/mutation/message-ignorer.mjs) instead of listed here.
 */
export const equivalentMutants = [
  {
    file: 'packages/core/src/ladder/replay.ts',
    mutator: 'StringLiteral',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
    original: '`${e.agent}/${e.taskClass} ${e.from} -> ${e.to} at ${e.at}`',
    replacement: '``',
    reason: 'message-only: describe() only formats a derived event for mismatch messages',
  },
  // parseRfc3339 compares every field of the Date.UTC result back to the text.
  ...[
    'back.getUTCMonth() !== month - 1',
    'back.getUTCDate() !== day',
    'back.getUTCHours() !== hour',
    'back.getUTCMinutes() !== minute',
    'back.getUTCSeconds() !== second',
  ].map((original) => ({
    file: 'packages/core/src/ladder/instant.ts',
    mutator: 'ConditionalExpression',
    original,
    replacement: 'false',
    reason:
      'Date.UTC carries a field that rolls over into the next larger one, so a rolled-over text always differs in two adjacent fields (the rolled one and the one it carried into; a month into the year): with one field check dropped, the check of its neighbour still refuses every such text',
  })),
  {
    file: 'packages/core/src/ladder/instant.ts',
    mutator: 'ConditionalExpression',
    original: 'text === lastText',
    replacement: 'false',
    reason:
      'the one-entry cache only saves parsing the same text again: without it parseInstant parses the text to an equal Instant (Instants are immutable values)',
  },
  // pushRun's compaction only decides when the deque's array is copied to drop the runs before
  // its head: the streak is always runs[head..], whether or not, and however often, it copies.
  ...[
    ['ConditionalExpression', 's.head * 2 > s.runs.length', 'true'],
    ['ConditionalExpression', 's.head * 2 > s.runs.length', 'false'],
    ['EqualityOperator', 's.head * 2 > s.runs.length', 's.head * 2 >= s.runs.length'],
    ['EqualityOperator', 's.head * 2 > s.runs.length', 's.head * 2 <= s.runs.length'],
    ['ArithmeticOperator', 's.head * 2', 's.head / 2'],
    ['BlockStatement', '{\n    s.runs = s.runs.slice(s.head);\n    s.head = 0;\n  }', '{}'],
  ].map(([mutator, original, replacement]) => ({
    file: 'packages/core/src/ladder/projection.ts',
    mutator,
    original,
    replacement,
    reason:
      'memory only: compacting never changes runs[head..], the streak every reader sees (the window test over 3000 runs pins the real compaction: slice(head), then head 0); never compacting, or compacting on every push, gives the same values',
  })),
  {
    file: 'packages/core/src/classify/glob/glob-regex.ts',
    mutator: 'ConditionalExpression',
    original: 'r.from === r.to',
    replacement: 'false',
    reason:
      'a one-code-point range written as a range (`\\x{61}-\\x{61}`) matches exactly the one code point written alone (`\\x{61}`), in RE2 and in a JS `u` class alike',
  },
  {
    file: 'packages/ledger/src/record-codec.ts',
    mutator: 'ConditionalExpression',
    original: 'JSON.stringify(value) === body && sortedAndWellFormed(value)',
    replacement: 'false',
    reason:
      "time only: without isCanonical's fast path every body goes to the canonicaliser, whose answer the fast path only ever repeats (it returns true only where JSON.stringify reproduces the body with sorted keys and well-formed strings, which is the RFC 8785 form)",
  },
  // parseClass reads a class that splitSegments has already found closed (classEnd, same
  // escape rule, on the whole glob), so it always stops at that `]`, having read a member.
  // (Its loop's `i < chars.length` is as unreachable, but parseSegment's loop has the same
  // text, and a listed text matches both: those two count as survivors.)
  ...[
    ['MethodExpression', 'body.slice(1, -1)', 'body'],
    ['ConditionalExpression', 'chars[i + 2] !== undefined', 'true'],
    ['ConditionalExpression', 'i >= chars.length', 'false'],
    ['EqualityOperator', 'i >= chars.length', 'i > chars.length'],
    ['ConditionalExpression', 'ranges.length === 0', 'false'],
  ].map(([mutator, original, replacement]) => ({
    file: 'packages/core/src/classify/glob/parse-glob.ts',
    mutator,
    original,
    replacement,
    reason:
      "unreachable: a class's body starts with '[' and ends with ']' (neither is '/'), and parseClass only sees a class splitSegments has found closed, so it never reads past the end and always takes at least one member (a ']' right after the '[' is one)",
  })),
  // tallyFiles keeps a file's own paths array when every path passes, rather than filtering
  // it into an equal copy: which of the two it takes changes only an allocation.
  ...[
    ['ConditionalExpression', 'mask === (1 << paths.length) - 1', 'false'],
    ['ArithmeticOperator', '(1 << paths.length) - 1', '(1 << paths.length) + 1'],
  ].map(([mutator, original, replacement]) => ({
    file: 'packages/core/src/classify/evaluate.ts',
    mutator,
    original,
    replacement,
    reason:
      'time only: the filter of a mask with every path set returns a copy equal to the paths, so taking the filter where the shortcut would apply gives the same passing paths',
  })),
  {
    file: 'packages/core/src/classify/evaluate.ts',
    mutator: 'ArrayDeclaration',
    original: 'new Array(policy.nodes.length)',
    replacement: 'new Array()',
    reason:
      'time only: the outcomes array is presized because it is filled from the highest id down; unsized, the same writes give the same array',
  },
  {
    file: 'packages/ledger/src/verify.ts',
    mutator: 'MethodExpression',
    original: 'restored.sort(order)',
    replacement: 'restored',
    reason:
      'only the order of the projection_mismatch messages: every subject is compared by key, and each issue has the same code and position (head.seq)',
  },
  // GlobSet's walk: marks and shortcuts that save work and cannot change a match (the property
  // tests hold the set equal to each glob's RE2 regex; glob-set-walk.test.ts counts the steps
  // the memo and the dropped states save, which these do not show in steps).
  ...[
    [
      'UpdateOperator',
      '++this.scanGeneration',
      '--this.scanGeneration',
      'a scan mark only has to differ from every earlier one: a falling counter (-1, -2, ...) never meets the 0 a wildcard segment starts with or an earlier scan',
    ],
    [
      'ConditionalExpression',
      'w.tested === scan',
      'false',
      'time only: a wildcard segment whose literal the prefilter reports twice is tested twice, and `enter` keeps its next state once per step (its generation mark)',
    ],
    [
      'MethodExpression',
      '[...map].filter(([, next]) => keep(next))',
      '[...map]',
      'time only: an affix child that cannot consume another segment, found before the last segment, is dropped by `enter` (`last || state.live`) instead of by its trie',
    ],
    [
      'ConditionalExpression',
      'entries.length === 0',
      'false',
      'time only: an affix trie with no entries collects nothing, as no trie does',
    ],
    [
      'EqualityOperator',
      'this.wild.length >= PREFILTER_MIN',
      'this.wild.length > PREFILTER_MIN',
      'time only: a state with exactly PREFILTER_MIN wildcard segments then tests each required literal with `includes` instead of the prefilter; both keep exactly the segments that contain their literal (prefilters.prop.test.ts)',
    ],
    [
      'BlockStatement',
      '{\n      state.anySegment ??= new State(false);\n      return state.anySegment;\n    }',
      '{}',
      'time only: a `*` segment then becomes a wildcard segment whose regex matches every segment, tested by regex instead of taken as is',
    ],
    [
      'EqualityOperator',
      'i < text.length',
      'i <= text.length',
      'reading one past the end, charCodeAt gives NaN, which is not > 0x7f',
    ],
    [
      'EqualityOperator',
      'text.charCodeAt(i) > 0x7f',
      'text.charCodeAt(i) >= 0x7f',
      'time only: a DEL (0x7f) counted as non-ASCII sends its path, or its glob, to the RE2 regex, which answers as the lowercased trie does',
    ],
    [
      'UpdateOperator',
      'this.adds++',
      'this.adds--',
      'the count of adds is only compared for change (a stale matcher sees a different count): a falling count changes with every add as a rising one does',
    ],
  ].map(([mutator, original, replacement, reason]) => ({
    file: 'packages/core/src/classify/glob/glob-set.ts',
    mutator,
    original,
    replacement,
    reason,
  })),
];

/**
 * The tests a deciding file is mutation-tested against: its own package's unit and property
 * tests (next to the code), never the CLI's or the end-to-end ones. A mutant only a CLI test
 * would kill was never pinned by the module's own tests, and it must count as a survivor; the
 * narrower set also keeps each file's dry run short. A group may name its own `tests` globs.
 * run.mjs passes these to vitest.mutation.config.ts in TRUSTLADDER_MUTATION_TESTS; vitest's
 * `related` then narrows them to the test files that import the mutated file.
 */
export function testsOf(file) {
  const group = groups.find((g) => g.files.includes(file));
  if (group === undefined) throw new Error(`${file} is not a deciding file of stryker.config.mjs`);
  if (group.tests !== undefined) return group.tests;
  const pkg = /^packages\/([^/]+)\/src\//.exec(file)?.[1];
  if (pkg === undefined) throw new Error(`${file} is not under packages/<package>/src/`);
  return [`packages/${pkg}/src/**/*.test.ts`];
}

/** Deciding files with a measured, committed baseline; every other deciding file is pending. */
const measured = new Set([
  'packages/core/src/classify/glob/compile-glob.ts',
  'packages/core/src/classify/prepared-snapshot.ts',
  'packages/core/src/classify/glob/glob-set-snapshot.ts',
  'packages/core/src/ladder/replay.ts',
  'packages/core/src/dispatch/check-dispatch.ts',
  'packages/attest/src/review-gate.ts',
  'packages/attest/src/approval.ts',
  'packages/core/src/remediation/decide.ts',
  'packages/core/src/ladder/instant.ts',
  'packages/kyverno/src/generate/cel.ts',
  'packages/kyverno/src/generate/annotations.ts',
  'packages/kyverno/src/generate/names.ts',
  'packages/ledger/src/verify.ts',
  'packages/ledger/src/chain-reader.ts',
  'packages/core/src/ladder/projection.ts',
  'packages/kyverno/src/generate/read-only-policy.ts',
  'packages/kyverno/src/generate/namespace-label-policy.ts',
  'packages/kyverno/src/generate/tier-policy.ts',
  'packages/kyverno/src/generate/generate.ts',
  'packages/core/src/classify/resolve-layers.ts',
  'packages/core/src/classify/prepare-policy.ts',
  'packages/core/src/classify/normalise-change.ts',
  'packages/core/src/classify/kleene.ts',
  'packages/core/src/classify/glob/glob-regex.ts',
  'packages/ledger/src/record-codec.ts',
  'packages/core/src/classify/glob/expand-braces.ts',
  'packages/core/src/classify/normalise-path.ts',
  'packages/core/src/classify/glob/parse-glob.ts',
  'packages/core/src/classify/added-lines.ts',
  'packages/core/src/classify/evaluate.ts',
  'packages/core/src/classify/compile-policy.ts',
  'packages/core/src/classify/glob/glob-set.ts',
]);

const PENDING_REASON = {
  ledger:
    'not yet measured: against the ledger package tests (PostgreSQL and multi-process writers), a dry run is 3.5-4.5 minutes and verify.ts took 55 minutes for 250 mutants on 2 shared cores',
  classify:
    'not yet measured: each classify file is 10 to 45 minutes of mutants against the core package tests on 2 shared cores (normalise-change.ts took 44 minutes at load 14-21)',
  other: 'not yet measured: 2 shared cores, each file 10-25 minutes of mutants against its package tests',
};

/**
 * Deciding files with no measured baseline yet: the incremental CI run skips them (it would
 * be a full run, ~45 minutes for the classify group alone on 2 cores) and says so. Measure one
 * with `pnpm test:mutation <file>`, commit its baseline, and add it to `measured`.
 */
/** Pending files with a reason of their own. */
const PENDING_FILE_REASON = {};

export const pending = groups.flatMap((g) =>
  g.files
    .filter((file) => !measured.has(file))
    .map((file) => ({
      file,
      reason:
        PENDING_FILE_REASON[file] ??
        PENDING_REASON[
          g.name === 'verify' || g.name === 'chain' ? 'ledger' : g.name === 'classify' ? 'classify' : 'other'
        ],
    })),
);

export default {
  $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
  packageManager: 'pnpm',
  plugins: [
    '@stryker-mutator/vitest-runner',
    '@stryker-mutator/typescript-checker',
    './scripts/mutation/message-ignorer.mjs',
  ],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  // The first run of the package's related tests, with per-test coverage.
  dryRunTimeoutMinutes: 20,
  // Mutants that do not compile are CompileErrors, not survivors, and never reach a test.
  checkers: ['typescript'],
  // run.mjs points this at a tsconfig of the mutated file's own package (checkerTsconfig).
  tsconfigFile: process.env.TRUSTLADDER_MUTATION_TSCONFIG ?? 'tsconfig.check.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  ignorers: ['message-only'],
  coverageAnalysis: 'perTest',
  // Workspace packages resolve each other through pnpm's per-package node_modules, which a
  // sandbox copy does not have: mutate in place (Stryker restores the files when it ends).
  inPlace: true,
  // Vitest does not type-check, so no file needs `// @ts-nocheck`: in place, only the mutated
  // file is rewritten.
  disableTypeChecks: false,
  // Two: Stryker makes one TypeScript checker and one test runner of them (2 shared cores).
  concurrency: 2,
  ignoreStatic: true,
  incremental: true,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress'],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: 'node_modules/.stryker-tmp',
  cleanTempDir: 'always',
};
