import fc from 'fast-check';
import type { Condition } from '../classify/policy-document.types.js';
import { TIERS } from '../tier.js';
import { BLOCK_HEADERS, CONTENT_PATTERNS, ECOSYSTEMS, LABELS, SEGMENTS } from './vocabulary.js';

const STATUSES = ['added', 'modified', 'deleted', 'renamed', 'copied'] as const;
const FLAGS = ['slo', 'canary', 'killSwitch'] as const;

function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]{}]/g, (c) => `\\${c}`);
}

/** One glob segment: a vocabulary word, or a wildcard shape built around one. */
const arbitraryGlobSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SEGMENTS).map(escapeGlob) },
  { weight: 2, arbitrary: fc.constant('**') },
  { weight: 2, arbitrary: fc.constant('*') },
  { weight: 2, arbitrary: fc.constantFrom('*.md', '*.ts', '*.test.ts', '*.sql', '*.yml', '.*', '*.TS') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('a*', 're*', 'x.?d', '[ab]', '[!a-c]*', '[a-z]*', '0042_*.sql', '*auth*'),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('{a,b}', '{docs,tests}', '*.{md,ts}', '{src/auth,db}', 'caf\u00e9'),
  },
);

/** A glob over the shared vocabulary: `**`, `*`, `?`, classes, braces and dotfiles. */
export function arbitraryGlob(): fc.Arbitrary<string> {
  return fc.array(arbitraryGlobSegment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
}

const globs = () => fc.array(arbitraryGlob(), { minLength: 1, maxLength: 3 });

const fileCriteria = fc.record(
  {
    paths: globs(),
    exclude: globs(),
    ignoreCase: fc.boolean(),
    status: fc.oneof(
      fc.constantFrom(...STATUSES),
      fc.uniqueArray(fc.constantFrom(...STATUSES), { minLength: 1, maxLength: 3 }),
    ),
    content: fc.record(
      {
        pattern: fc.constantFrom(...CONTENT_PATTERNS),
        ignoreCase: fc.boolean(),
        notWithin: fc.uniqueArray(fc.constantFrom(...BLOCK_HEADERS), { minLength: 1, maxLength: 2 }),
        lines: fc.constantFrom('added', 'changed'),
      },
      { requiredKeys: ['pattern'] },
    ),
  },
  { requiredKeys: ['paths'] },
);

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  { weight: 4, arbitrary: fileCriteria.map((files) => ({ files })) },
  { weight: 3, arbitrary: fileCriteria.map((allFiles) => ({ allFiles })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((min) => ({ repos: { min } })) },
  {
    weight: 1,
    arbitrary: fc
      .record(
        {
          change: fc.constantFrom('added', 'removed', 'updated'),
          ecosystem: fc.constantFrom(...ECOSYSTEMS),
          allowlisted: fc.boolean(),
          scoreBelow: fc.constantFrom(0.3, 0.7),
          scoreAtLeast: fc.constantFrom(0.5, 0.9),
        },
        { requiredKeys: [] },
      )
      .map((dependencies) => ({ dependencies }) as Condition),
  },
  {
    weight: 1,
    arbitrary: fc
      .record(
        { below: fc.constantFrom(0.5, 0.8), atLeast: fc.constantFrom(0.5, 0.8, 1) },
        { requiredKeys: [] },
      )
      .filter((c) => Object.keys(c).length > 0)
      .map((coverage) => ({ coverage })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record(
        {
          has: fc.uniqueArray(fc.constantFrom(...FLAGS), { minLength: 1 }),
          lacks: fc.uniqueArray(fc.constantFrom(...FLAGS), { minLength: 1 }),
        },
        { requiredKeys: [] },
      )
      .filter((s) => Object.keys(s).length > 0)
      .map((service) => ({ service })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record(
        {
          anyOf: fc.uniqueArray(fc.constantFrom(...LABELS), { minLength: 1 }),
          allOf: fc.uniqueArray(fc.constantFrom(...LABELS), { minLength: 1 }),
        },
        { requiredKeys: [] },
      )
      .filter((l) => Object.keys(l).length > 0)
      .map((labels) => ({ labels })),
  },
  { weight: 1, arbitrary: fc.constantFrom(0, 1000, 1_000_000).map((above) => ({ rowsAffected: { above } })) },
);

/** A condition: any predicate, nested in allOf / anyOf / not up to `depth` levels. */
export function arbitraryCondition(depth = 3): fc.Arbitrary<Condition> {
  if (depth <= 0) return leaf;
  const inner = arbitraryCondition(depth - 1);
  return fc.oneof(
    { weight: 5, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(inner, { minLength: 1, maxLength: 3 }).map((allOf) => ({ allOf })) },
    { weight: 1, arbitrary: fc.array(inner, { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })) },
    { weight: 1, arbitrary: inner.map((not) => ({ not })) },
  );
}

/** A valid blast-radius policy document (schemas/blast-radius.schema.json). */
export function arbitraryPolicyDocument(options: { maxRules?: number; depth?: number } = {}) {
  return fc
    .record({
      default: fc.constantFrom(...TIERS),
      rules: fc.array(
        fc.record({
          tier: fc.constantFrom(...TIERS),
          description: fc.constant('generated rule'),
          when: arbitraryCondition(options.depth ?? 3),
        }),
        { minLength: 0, maxLength: options.maxRules ?? 6 },
      ),
    })
    .map(({ default: defaultTier, rules }) => ({
      apiVersion: 'trustladder.dev/v1' as const,
      kind: 'BlastRadiusPolicy' as const,
      metadata: { name: 'generated' },
      default: defaultTier,
      rules: rules.map((r, i) => ({ id: `rule-${i}`, ...r })),
    }));
}
