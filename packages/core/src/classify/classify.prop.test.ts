import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY_TEXTS } from '../defaults/index.js';
import { TrustladderError } from '../errors.js';
import { validateAgainst } from '../load/validate.js';
import {
  arbitraryChange,
  arbitraryPathSpelling,
  arbitraryPolicyDocument,
  type ChangeValue,
} from '../testing/index.js';
import { propConfig } from '../testing/prop-config.js';
import { tierRank } from '../tier.js';
import type { Classification } from './classification.types.js';
import { classify } from './classify.js';
import { compileBlastRadiusPolicy, loadBlastRadiusPolicy } from './compile-policy.js';
import type { CompiledPolicy } from './compiled.types.js';

const defaultPolicy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
const config = propConfig(1000);

// Random policies, plus the shipped default policy one time in four.
const anyPolicy: fc.Arbitrary<CompiledPolicy> = fc.oneof(
  { weight: 3, arbitrary: arbitraryPolicyDocument().map((d) => compileBlastRadiusPolicy(d)) },
  { weight: 1, arbitrary: fc.constant(defaultPolicy) },
);

/** Per rule id: state and sorted surfaces; independent of rule and file order. */
function ruleStates(c: Classification): Record<string, { state: string; surfaces: readonly string[] }> {
  return Object.fromEntries(c.matches.map((m) => [m.rule, { state: m.state, surfaces: m.surfaces }]));
}

function verdict(c: Classification) {
  return { tier: c.tier, defaulted: c.defaulted, ambiguous: c.ambiguous, rules: ruleStates(c) };
}

// Removes facts: patches, coverage, service, data, and dependency allowlisted/score/ecosystem.
interface Forgetting {
  readonly patches: readonly boolean[];
  readonly coverage: boolean;
  readonly service: boolean;
  readonly data: boolean;
  readonly dependencyFacts: readonly ('allowlisted' | 'score' | 'ecosystem')[];
}

const arbitraryForgetting: fc.Arbitrary<Forgetting> = fc.record({
  patches: fc.array(fc.boolean(), { maxLength: 8 }),
  coverage: fc.boolean(),
  service: fc.boolean(),
  data: fc.boolean(),
  dependencyFacts: fc.array(fc.constantFrom('allowlisted' as const, 'score' as const, 'ecosystem' as const), {
    maxLength: 3,
  }),
});

function forget(change: ChangeValue, f: Forgetting): ChangeValue {
  const out: ChangeValue = structuredClone(change);
  out.files.forEach((file, i) => {
    if (f.patches[i]) delete file.patch;
  });
  if (f.coverage) delete out.coverage;
  if (f.service) delete out.service;
  if (f.data) delete out.data;
  for (const dep of out.dependencies ?? []) for (const key of f.dependencyFacts) delete dep[key];
  return out;
}

// One repo and, mostly, no dependency changes: the low tiers stay reachable, so that the
// tests meet the T0 and T1 rules instead of a multi-repo T2 every time.
function singleRepo(changes: fc.Arbitrary<ChangeValue>): fc.Arbitrary<ChangeValue> {
  return fc.tuple(changes, fc.nat(3)).map(([c, n]) => {
    const files = c.files.map(({ repo: _repo, ...f }) => f);
    return n === 0 ? { ...c, files } : { ...c, files, dependencies: [] };
  });
}

describe('classifier invariants', () => {
  // The default policy's rules below its default (T0 docs/tests, T1 UI) are allFiles rules
  // that exclude each other, and every `files` rule is at or above the default; so once a
  // change has a file, adding another can only raise its tier. (From no file at all, a first
  // docs file lowers the default: a change with no files is not a change.)
  test('adding a file to a change never lowers its tier (default policy)', () => {
    fc.assert(
      fc.property(
        singleRepo(arbitraryChange({ minFiles: 1 })),
        singleRepo(arbitraryChange({ maxFiles: 2 })),
        (change, extra) => {
          const before = classify(defaultPolicy, change);
          const after = classify(defaultPolicy, { ...change, files: [...change.files, ...extra.files] });
          expect(tierRank(after.tier)).toBeGreaterThanOrEqual(tierRank(before.tier));
        },
      ),
      config,
    );
  });

  // In general a rule below the default lowers the tier when it becomes true, and allFiles
  // and not can turn false when a file is added: the invariant holds for policies without
  // them whose rules are all at or above the default.
  test('adding a file never lowers the tier (monotone policies: no allFiles or not, no rule below the default)', () => {
    const monotone = arbitraryPolicyDocument().filter(
      (d) =>
        !/"(allFiles|not)"/.test(JSON.stringify(d)) &&
        d.rules.every((r) => tierRank(r.tier) >= tierRank(d.default)),
    );
    fc.assert(
      fc.property(monotone, arbitraryChange(), arbitraryChange({ maxFiles: 2 }), (doc, change, extra) => {
        const policy = compileBlastRadiusPolicy(doc);
        const before = classify(policy, change);
        const after = classify(policy, { ...change, files: [...change.files, ...extra.files] });
        expect(tierRank(after.tier)).toBeGreaterThanOrEqual(tierRank(before.tier));
      }),
      config,
    );
  });

  test('filling in a missing fact never gives a tier above the one computed without it', () => {
    fc.assert(
      fc.property(anyPolicy, arbitraryChange(), arbitraryForgetting, (policy, full, forgetting) => {
        const partial = classify(policy, forget(full, forgetting));
        const known = classify(policy, full);
        expect(tierRank(known.tier)).toBeLessThanOrEqual(tierRank(partial.tier));
      }),
      config,
    );
  });

  test('equivalent spellings of a path give the same result', () => {
    const respelled = arbitraryChange().chain((change) =>
      fc
        .tuple(
          ...change.files.map((f) =>
            fc.tuple(
              arbitraryPathSpelling(f.path),
              f.previousPath === undefined ? fc.constant(undefined) : arbitraryPathSpelling(f.previousPath),
            ),
          ),
        )
        .map((spellings) => ({
          change,
          respelled: {
            ...change,
            files: change.files.map((f, i) => {
              const [path, previousPath] = spellings[i] as [string, string | undefined];
              return previousPath === undefined ? { ...f, path } : { ...f, path, previousPath };
            }),
          },
        })),
    );
    fc.assert(
      fc.property(anyPolicy, respelled, (policy, { change, respelled: other }) => {
        expect(classify(policy, other)).toEqual(classify(policy, change));
      }),
      config,
    );
  });

  test('the order of files and of rules does not matter', () => {
    fc.assert(
      fc.property(
        arbitraryPolicyDocument(),
        arbitraryChange(),
        fc.infiniteStream(fc.nat()),
        (doc, change, random) => {
          const shuffle = <T>(xs: readonly T[]): T[] => {
            const out = [...xs];
            const it = random[Symbol.iterator]();
            for (let i = out.length - 1; i > 0; i--) {
              const j = (it.next().value as number) % (i + 1);
              [out[i], out[j]] = [out[j] as T, out[i] as T];
            }
            return out;
          };
          const base = classify(compileBlastRadiusPolicy(doc), change);
          const shuffled = classify(compileBlastRadiusPolicy({ ...doc, rules: shuffle(doc.rules) }), {
            ...change,
            files: shuffle(change.files),
          });
          expect(verdict(shuffled)).toEqual(verdict(base));
        },
      ),
      config,
    );
  });

  test('every result satisfies schemas/classification.schema.json', () => {
    fc.assert(
      fc.property(anyPolicy, arbitraryChange(), (policy, change) => {
        expect(validateAgainst('classification', classify(policy, change))).toEqual([]);
      }),
      config,
    );
  });

  test('any invalid change gives a typed INVALID_INPUT error, never a crash and never a result', () => {
    const corrupt = fc.oneof(
      fc.anything(),
      arbitraryChange().chain((c) =>
        fc
          .constantFrom<(c: ChangeValue) => unknown>(
            (x) => ({ ...x, files: [...x.files, { path: '../escape', status: 'added' }] }),
            (x) => ({ ...x, files: [...x.files, { path: '/abs', status: 'added' }] }),
            (x) => ({ ...x, files: [...x.files, { path: 'a\u0000b', status: 'added' }] }),
            (x) => ({ ...x, files: [...x.files, { path: '', status: 'added' }] }),
            (x) => ({ ...x, files: [...x.files, { path: 'a', status: 'renamed' }] }),
            (x) => ({ ...x, files: [...x.files, { path: 'a', status: 'exploded' }] }),
            (x) => ({ ...x, coverage: { changedLines: 1, coveredLines: 5 } }),
            (x) => ({ ...x, data: { rowsAffected: -1 } }),
            (x) => ({ ...x, labels: 'not-a-list' }),
            (x) => ({ ...x, unexpected: true }),
          )
          .map((f) => f(c)),
      ),
    );
    fc.assert(
      fc.property(anyPolicy, corrupt, (policy, change) => {
        let result: Classification | undefined;
        try {
          result = classify(policy, change);
        } catch (e) {
          expect(e).toBeInstanceOf(TrustladderError);
          expect((e as TrustladderError).code).toBe('INVALID_INPUT');
          expect((e as TrustladderError).issues.length).toBeGreaterThan(0);
          return;
        }
        // fc.anything() can produce a valid change by chance; then the result must be valid.
        expect(validateAgainst('change', change)).toEqual([]);
        expect(validateAgainst('classification', result)).toEqual([]);
      }),
      config,
    );
  });

  test('any invalid policy text gives a typed error, never a crash', () => {
    const texts = fc.oneof(
      fc.string(),
      fc.constantFrom('a: [', '*x', '&a [*a]', '{{', '- - -', 'rules: 3'),
      arbitraryPolicyDocument().map((d) => JSON.stringify(d).replace(/"T[0-3]"/, '"T4"')),
      arbitraryPolicyDocument().map((d) =>
        JSON.stringify({ ...d, rules: [...d.rules, { ...d.rules[0], id: 'rule-0' }] }),
      ),
    );
    fc.assert(
      fc.property(texts, (text) => {
        try {
          loadBlastRadiusPolicy(text);
        } catch (e) {
          expect(e).toBeInstanceOf(TrustladderError);
          expect(['PARSE_ERROR', 'INVALID_DOCUMENT', 'TOO_LARGE']).toContain((e as TrustladderError).code);
        }
      }),
      config,
    );
  });
});
