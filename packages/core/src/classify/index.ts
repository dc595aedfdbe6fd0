export { addedLines } from './added-lines.js';
export type { Classification, RuleMatch } from './classification.types.js';
export type { ClassifyOptions } from './classify.js';
export { classify } from './classify.js';
export { compareCodePoints, sortByCodePoint } from './code-point-order.js';
export { compileBlastRadiusPolicy, loadBlastRadiusPolicy } from './compile-policy.js';
export type {
  CombinatorNode,
  CompiledPolicy,
  CompiledRule,
  ConditionNode,
  CoverageNode,
  DependenciesNode,
  DependencyChange,
  FileStatus,
  FilesNode,
  LabelsNode,
  NormalisedChange,
  NormalisedDependency,
  NormalisedFile,
  ReposNode,
  RowsAffectedNode,
  ServiceFlag,
  ServiceNode,
  Truth,
} from './compiled.types.js';
export { MAX_CONDITION_DEPTH } from './compiled.types.js';
export { emptyChangeClassification } from './empty-change.js';
export type { NodeOutcome } from './evaluate.js';
export { evaluateNodes, evaluateNormalised } from './evaluate.js';
export type { CompiledGlob } from './glob/index.js';
export { compileGlob, GlobSet, GlobSyntaxError } from './glob/index.js';
export type { NormaliseOptions } from './normalise-change.js';
export { DEFAULT_MAX_PATCH_LENGTH, normaliseChange } from './normalise-change.js';
export type { NormalisedPath, PathProblem } from './normalise-path.js';
export { describePathProblem, normalisePath } from './normalise-path.js';
export type {
  BlastRadiusPolicyDocument,
  Condition,
  FileCriteria,
  LayeredPolicyDocument,
  PolicyBase,
  PolicyRule,
} from './policy-document.types.js';
