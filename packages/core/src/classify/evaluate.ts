import { maxTier, type Tier, tierRank } from '../tier.js';
import type { Classification, RuleMatch } from './classification.types.js';
import { sortByCodePoint } from './code-point-order.js';
import type {
  CompiledPolicy,
  ConditionNode,
  NormalisedChange,
  NormalisedFile,
  Truth,
} from './compiled.types.js';
import { and, not, or, truth } from './kleene.js';
import { type GlobUse, type PreparedPolicy, preparePolicy } from './prepare-policy.js';
import { compileRe2 } from './re2-cache.js';

/** The outcome of one condition node: its truth, the paths behind it, the facts it lacked. */
export interface NodeOutcome {
  readonly state: Truth;
  readonly surfaces: readonly string[];
  readonly unknown: readonly string[];
}

// A false node explains nothing. A function, not a shared constant: a module constant is
// built once, when the module loads, where mutation testing cannot switch its mutants per test.
function falseOutcome(): NodeOutcome {
  return { state: 'false', surfaces: [], unknown: [] };
}

interface FileTally {
  trueCount: number;
  unknownCount: number;
  readonly trueSurfaces: string[];
  readonly unknownSurfaces: string[];
  readonly unknownPointers: string[];
}

// Evaluates every file predicate in one pass over the files: each path is matched once
// against all globs of the policy, and only the predicates whose globs matched are touched.
// The cost is linear in files and nearly flat in rules.
function tallyFiles(
  policy: CompiledPolicy,
  prepared: PreparedPolicy,
  change: NormalisedChange,
): Map<number, FileTally> {
  const tallies = new Map<number, FileTally>();
  const size = policy.nodes.length;
  const matched = new Uint8Array(size); // bit i: path i matched a `paths` glob
  const excluded = new Uint8Array(size); // bit i: path i matched an `exclude` glob
  const touchedAt = new Int32Array(size).fill(-1);
  const touched: number[] = [];
  const globs = prepared.globs.matcher(); // one per call: remembers each directory's states
  const files = change.files;
  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
    const file = files[fileIndex] as NormalisedFile;
    const paths = file.paths;
    touched.length = 0;
    for (let pathIndex = 0; pathIndex < paths.length; pathIndex++) {
      const bit = 1 << pathIndex;
      for (const globId of globs.match(paths[pathIndex] as string)) {
        // Every glob id of the set has its uses (prepare-policy adds them together).
        for (const use of prepared.uses[globId] as readonly GlobUse[]) {
          const id = use.node.id;
          if (touchedAt[id] !== fileIndex) {
            touchedAt[id] = fileIndex;
            matched[id] = 0;
            excluded[id] = 0;
            touched.push(id);
          }
          if (use.exclude) excluded[id] = (excluded[id] as number) | bit;
          else matched[id] = (matched[id] as number) | bit;
        }
      }
    }
    for (const id of touched) {
      const node = policy.nodes[id];
      if (node === undefined || (node.op !== 'files' && node.op !== 'allFiles')) continue;
      const mask = (matched[id] as number) & ~(excluded[id] as number);
      // No path passes: neither `files` nor `allFiles` holds (a file has at least one path).
      if (mask === 0) continue;
      const passing =
        mask === (1 << paths.length) - 1 ? paths : paths.filter((_, i) => (mask & (1 << i)) !== 0);
      if (node.op === 'allFiles' && passing.length !== paths.length) continue;
      if (node.statuses !== null && !node.statuses.includes(file.status)) continue;
      let state: Truth = 'true';
      const pattern = prepared.content.get(id);
      if (pattern !== undefined) {
        // Reading `added` parses the patch (lazily, once): only files that reach a content
        // pattern pay for it.
        const added = file.added;
        if (added === null) state = 'unknown';
        else {
          const re = compileRe2(pattern);
          // A line inside a block named by notWithin (enclosed by a matching header) is left out.
          const header = prepared.notWithin.get(id);
          const within = header === undefined ? undefined : compileRe2(header);
          const hit = someAddedLine(added, re, within, file.scopes);
          // `lines: changed` searches the removed lines too (a removed line is in no block).
          // A file built by hand with added lines but no removed ones (normaliseChange never
          // makes one) cannot say what was removed: unknown, not "nothing removed".
          const removed = file.removed;
          if (hit || node.lines !== 'changed') state = truth(hit);
          else state = removed === null ? 'unknown' : truth(removed.some((line) => re.test(line)));
        }
      }
      if (state === 'false') continue;
      let tally = tallies.get(id);
      if (!tally) {
        tally = { trueCount: 0, unknownCount: 0, trueSurfaces: [], unknownSurfaces: [], unknownPointers: [] };
        tallies.set(id, tally);
      }
      if (state === 'true') {
        tally.trueCount++;
        for (const path of passing) tally.trueSurfaces.push(path);
      } else {
        tally.unknownCount++;
        for (const path of passing) tally.unknownSurfaces.push(path);
        tally.unknownPointers.push(`${file.at}/patch`);
      }
    }
  }
  return tallies;
}

// Whether an added line matches `re` outside every block whose header matches `within`. A
// loop, not `some` with closures: it runs for every file and content rule of a change, and
// the closures were most of the garbage of a 100k-file classification.
function someAddedLine(
  added: readonly string[],
  re: { test(line: string): boolean },
  within: { test(line: string): boolean } | undefined,
  scopes: readonly (readonly string[])[] | null,
): boolean {
  for (let i = 0; i < added.length; i++) {
    if (!re.test(added[i] as string)) continue;
    if (within === undefined) return true;
    const enclosing = scopes?.[i];
    if (enclosing === undefined || !enclosing.some((header) => within.test(header))) return true;
  }
  return false;
}

function filesOutcome(
  op: 'files' | 'allFiles',
  tally: FileTally | undefined,
  fileCount: number,
): NodeOutcome {
  // A node has a tally only once a file made it true or unknown, so a change without files
  // has none, and a tally without a true file has an unknown one.
  if (!tally) return falseOutcome();
  let state: Truth;
  if (op === 'files') state = tally.trueCount > 0 ? 'true' : 'unknown';
  else if (tally.trueCount === fileCount) state = 'true';
  else state = tally.trueCount + tally.unknownCount === fileCount ? 'unknown' : 'false';
  if (state === 'true') return { state, surfaces: tally.trueSurfaces, unknown: [] };
  if (state === 'unknown') return { state, surfaces: tally.unknownSurfaces, unknown: tally.unknownPointers };
  return falseOutcome();
}

// A leaf explains itself only by the facts it lacked: it has no surfaces.
function lacking(pointers: readonly string[]): NodeOutcome {
  return { state: 'unknown', surfaces: [], unknown: pointers };
}

function known(holds: boolean): NodeOutcome {
  return { state: truth(holds), surfaces: [], unknown: [] };
}

function leafOutcome(node: ConditionNode, change: NormalisedChange): NodeOutcome {
  switch (node.op) {
    case 'repos':
      return known(change.repoCount >= node.min);
    case 'dependencies': {
      let state: Truth = 'false';
      const pointers: string[] = [];
      for (const dep of change.dependencies) {
        let dt: Truth = 'true';
        const missing: string[] = [];
        if (node.change !== null) dt = and(dt, truth(node.change.includes(dep.change)));
        if (node.ecosystem !== null) {
          if (dep.ecosystem === null) {
            dt = and(dt, 'unknown');
            missing.push(`${dep.at}/ecosystem`);
          } else dt = and(dt, truth(node.ecosystem.includes(dep.ecosystem)));
        }
        if (node.allowlisted !== null) {
          if (dep.allowlisted === null) {
            dt = and(dt, 'unknown');
            missing.push(`${dep.at}/allowlisted`);
          } else dt = and(dt, truth(dep.allowlisted === node.allowlisted));
        }
        if (node.scoreBelow !== null || node.scoreAtLeast !== null) {
          if (dep.score === null) {
            dt = and(dt, 'unknown');
            missing.push(`${dep.at}/score`);
          } else {
            if (node.scoreBelow !== null) dt = and(dt, truth(dep.score < node.scoreBelow));
            if (node.scoreAtLeast !== null) dt = and(dt, truth(dep.score >= node.scoreAtLeast));
          }
        }
        if (dt === 'unknown') pointers.push(...missing);
        state = or(state, dt);
      }
      return state === 'unknown' ? lacking(pointers) : known(state === 'true');
    }
    case 'coverage': {
      const ratio = change.coverageRatio;
      if (ratio === null) return lacking(['/coverage']);
      return known(
        (node.below === null || ratio < node.below) && (node.atLeast === null || ratio >= node.atLeast),
      );
    }
    case 'service': {
      const service = change.service;
      if (service === null) return lacking(['/service']);
      return known(node.has.every((f) => service[f]) && node.lacks.every((f) => !service[f]));
    }
    case 'labels':
      return known(
        (node.anyOf === null || node.anyOf.some((l) => change.labels.includes(l))) &&
          (node.allOf === null || node.allOf.every((l) => change.labels.includes(l))),
      );
    case 'rowsAffected':
      if (change.rowsAffected === null) return lacking(['/data/rowsAffected']);
      return known(change.rowsAffected > node.above);
    default:
      throw new Error(`leafOutcome: ${node.op} is not a leaf`);
  }
}

// A combinator explains itself with the operands that decided it: for true, the true ones
// (all of them for allOf; none for a true `not`, whose operand is false); for unknown, every
// operand, since a false one explains nothing and a true one lacks no fact.
function combine(
  node: ConditionNode & { op: 'allOf' | 'anyOf' | 'not' },
  outcomes: readonly NodeOutcome[],
): NodeOutcome {
  const children = node.children.map((c) => outcomes[c] as NodeOutcome);
  let state: Truth;
  if (node.op === 'not') state = not((children[0] as NodeOutcome).state);
  else if (node.op === 'allOf') state = children.reduce<Truth>((s, c) => and(s, c.state), 'true');
  else state = children.reduce<Truth>((s, c) => or(s, c.state), 'false');
  if (state === 'false') return falseOutcome();
  const contributing = state === 'true' ? children.filter((c) => c.state === 'true') : children;
  return {
    state,
    surfaces: contributing.flatMap((c) => c.surfaces),
    unknown: contributing.flatMap((c) => c.unknown),
  };
}

/** The outcome of every condition node, by node id. */
export function evaluateNodes(policy: CompiledPolicy, change: NormalisedChange): NodeOutcome[] {
  const prepared = preparePolicy(policy);
  const tallies = tallyFiles(policy, prepared, change);
  const outcomes: NodeOutcome[] = new Array(policy.nodes.length);
  for (let id = policy.nodes.length - 1; id >= 0; id--) {
    const node = policy.nodes[id] as ConditionNode;
    if (node.op === 'files' || node.op === 'allFiles')
      outcomes[id] = filesOutcome(node.op, tallies.get(id), change.files.length);
    else if (node.op === 'allOf' || node.op === 'anyOf' || node.op === 'not')
      outcomes[id] = combine(node, outcomes);
    else outcomes[id] = leafOutcome(node, change);
  }
  return outcomes;
}

function sortedUnique(values: readonly string[]): string[] {
  return sortByCodePoint([...new Set(values)]);
}

/**
 * DESIGN.md's decision rule. TRUE/UNKNOWN are the rules whose condition is true/unknown.
 * With TRUE non-empty the tier is the max over TRUE and UNKNOWN; otherwise it is the default,
 * raised by UNKNOWN. A missing fact can only raise the tier, never lower it.
 */
export function evaluateNormalised(policy: CompiledPolicy, change: NormalisedChange): Classification {
  const outcomes = evaluateNodes(policy, change);
  const matches: RuleMatch[] = [];
  let maxTrue: Tier | null = null;
  let maxUnknown: Tier | null = null;
  for (const rule of policy.rules) {
    const outcome = outcomes[rule.root] as NodeOutcome;
    if (outcome.state === 'false') continue;
    if (outcome.state === 'true') maxTrue = maxTrue === null ? rule.tier : maxTier(maxTrue, rule.tier);
    else maxUnknown = maxUnknown === null ? rule.tier : maxTier(maxUnknown, rule.tier);
    matches.push({
      rule: rule.id,
      tier: rule.tier,
      state: outcome.state,
      description: rule.description,
      surfaces: sortedUnique(outcome.surfaces),
      unknown: sortedUnique(outcome.unknown),
    });
  }
  const base: Tier = maxTrue ?? policy.default;
  const tier = maxUnknown === null ? base : maxTier(base, maxUnknown);
  return {
    tier,
    defaulted: maxTrue === null,
    ambiguous: maxUnknown !== null && tierRank(maxUnknown) > tierRank(base),
    matches,
    policy: { name: policy.name, digest: policy.digest },
  };
}
