import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addedLines } from '../../classify/added-lines.js';
import type { Classification } from '../../classify/classification.types.js';
import { classify } from '../../classify/classify.js';
import { compileBlastRadiusPolicy, loadBlastRadiusPolicy } from '../../classify/compile-policy.js';
import type { CompiledPolicy } from '../../classify/compiled.types.js';
import { normalisePath } from '../../classify/normalise-path.js';
import { DEFAULT_POLICY_TEXTS } from '../../defaults/index.js';
import {
  arbitraryChange,
  arbitraryGlob,
  arbitraryPatch,
  arbitraryPolicyDocument,
  type ChangeValue,
} from '../../testing/index.js';
import { propConfig } from '../../testing/prop-config.js';
import { tierRank } from '../../tier.js';
import { changedLineNumbers } from './changed-lines.js';
import { applyExtraFacts, readExtraFacts } from './extra-facts.js';
import { coverageFacts } from './line-coverage/coverage-facts.js';
import type { MappedReport } from './line-coverage/map-report-paths.js';
import { loadServiceCatalog } from './services/load-service-catalog.js';
import { serviceFacts } from './services/service-facts.js';

// The guarantees of the facts readers, over random policies (and the shipped default one
// time in four) and random changes: facts only ever settle what was unknown.

const defaultPolicy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
const anyPolicy: fc.Arbitrary<CompiledPolicy> = fc.oneof(
  { weight: 3, arbitrary: arbitraryPolicyDocument().map((d) => compileBlastRadiusPolicy(d)) },
  { weight: 1, arbitrary: fc.constant(defaultPolicy) },
);
const config = propConfig(1000);

// A change without the facts the readers supply.
const bareChange = arbitraryChange().map((c) => {
  const { coverage: _c, service: _s, data: _d, ...rest } = c;
  return rest as ChangeValue;
});

// A report that knows some of the change's files, with random hits on lines 1..12.
const arbitraryReport = (change: ChangeValue): fc.Arbitrary<MappedReport> =>
  fc
    .array(
      fc.tuple(
        fc.constantFrom(...change.files.map((f) => f.path), 'elsewhere/x.ts'),
        fc.dictionary(fc.integer({ min: 1, max: 12 }).map(String), fc.nat({ max: 3 }), { maxKeys: 12 }),
      ),
      { maxLength: 4 },
    )
    .map((entries) => ({
      byRepoPath: new Map(
        entries.map(([path, lines]) => [
          path,
          new Map(Object.entries(lines).map(([l, h]) => [Number(l), h])),
        ]),
      ),
      unplaced: [],
    }));

const arbitraryCatalog = fc
  .uniqueArray(
    fc.record({
      paths: fc.array(arbitraryGlob(), { minLength: 1, maxLength: 3 }),
      slo: fc.option(fc.boolean(), { nil: undefined }),
      canary: fc.option(fc.boolean(), { nil: undefined }),
      killSwitch: fc.option(fc.boolean(), { nil: undefined }),
    }),
    { maxLength: 3 },
  )
  .map((services) =>
    loadServiceCatalog(
      JSON.stringify({
        apiVersion: 'trustladder.dev/v1',
        kind: 'ServiceCatalog',
        metadata: { name: 'prop' },
        services: services.map((s, i) => ({ name: `svc-${i}`, ...s })),
      }),
      { source: 'catalog.yaml', dir: '' },
    ),
  );

const withCoverage = (change: ChangeValue, report: MappedReport): ChangeValue => {
  const { coverage } = coverageFacts(change.files, [report]);
  return coverage === undefined ? change : { ...change, coverage };
};

const unknownRules = (c: Classification) => c.matches.filter((m) => m.state === 'unknown').map((m) => m.rule);

describe('facts readers (properties)', () => {
  test('adding coverage can only lower the tier or keep it', () => {
    fc.assert(
      fc.property(
        anyPolicy,
        bareChange.chain((change) => fc.tuple(fc.constant(change), arbitraryReport(change))),
        (policy, [change, report]) => {
          const before = classify(policy, change);
          const after = classify(policy, withCoverage(change, report));
          expect(tierRank(after.tier)).toBeLessThanOrEqual(tierRank(before.tier));
        },
      ),
      config,
    );
  });

  test('supplying a fact never makes a rule unknown', () => {
    fc.assert(
      fc.property(
        anyPolicy,
        bareChange.chain((change) =>
          fc.tuple(
            fc.constant(change),
            arbitraryReport(change),
            arbitraryCatalog,
            fc.option(fc.nat({ max: 3_000_000 }), { nil: undefined }),
            fc.array(
              fc.record({
                allowlisted: fc.option(fc.boolean(), { nil: undefined }),
                score: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
              }),
              { maxLength: 3 },
            ),
          ),
        ),
        (policy, [change, report, catalog, rows, depFacts]) => {
          const before = classify(policy, change);
          let after: Record<string, unknown> = { ...withCoverage(change, report) };
          const { service } = serviceFacts(change.files, catalog);
          if (service !== undefined) after.service = service;
          if (rows !== undefined)
            applyExtraFacts(
              after,
              readExtraFacts(JSON.stringify({ '/data/rowsAffected': rows }), 'f.json'),
              new Set(),
            );
          after = {
            ...after,
            dependencies: (change.dependencies ?? []).map((d, i) => {
              const facts = depFacts[i];
              return {
                ...d,
                ...(facts?.allowlisted === undefined || d.allowlisted !== undefined
                  ? {}
                  : { allowlisted: facts.allowlisted }),
                ...(facts?.score === undefined || d.score !== undefined ? {} : { score: facts.score }),
              };
            }),
          };
          const now = unknownRules(classify(policy, after as unknown));
          const was = new Set(unknownRules(before));
          expect(now.filter((rule) => !was.has(rule))).toEqual([]);
        },
      ),
      config,
    );
  });

  test('the changed lines of a patch are its added lines, numbered in increasing order', () => {
    let read = 0;
    fc.assert(
      fc.property(arbitraryPatch(), (patch) => {
        const numbers = changedLineNumbers(patch);
        if (numbers === undefined) return; // a patch with + lines outside hunks: unknown
        read++;
        expect(numbers).toHaveLength(addedLines(patch).length);
        for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBeGreaterThan(numbers[i - 1] as number);
      }),
      config,
    );
    // Not vacuous: most generated patches are well-formed.
    expect(read).toBeGreaterThan(config.numRuns / 4);
  });

  test('covered lines never exceed changed lines', () => {
    fc.assert(
      fc.property(
        bareChange.chain((change) =>
          fc.tuple(fc.constant(change), fc.array(arbitraryReport(change), { maxLength: 3 })),
        ),
        ([change, reports]) => {
          const { coverage } = coverageFacts(change.files, reports);
          if (coverage) expect(coverage.coveredLines).toBeLessThanOrEqual(coverage.changedLines);
        },
      ),
      config,
    );
  });

  test("the catalog's GlobSet index finds exactly the services whose own globs claim a path", () => {
    fc.assert(
      fc.property(bareChange, arbitraryCatalog, (change, catalog) => {
        const naive = new Set<string>();
        for (const file of change.files)
          for (const path of [file.path, file.previousPath].filter((p): p is string => p !== undefined)) {
            const normal = normalisePath(path);
            if (normal.ok) for (const s of catalog) if (s.owns(normal.path)) naive.add(s.name);
          }
        expect(serviceFacts(change.files, catalog).touched).toEqual([...naive].sort());
      }),
      config,
    );
  });

  test('a catalog that maps nothing leaves the classification as it was', () => {
    fc.assert(
      fc.property(anyPolicy, bareChange, arbitraryCatalog, (policy, change, catalog) => {
        const facts = serviceFacts(change.files, catalog);
        fc.pre(facts.touched.length === 0);
        expect(facts.service).toBeUndefined();
        const after = facts.service === undefined ? change : { ...change, service: facts.service };
        expect(classify(policy, after)).toEqual(classify(policy, change));
      }),
      config,
    );
  });
});
