export type { IdentifierProblem } from './identifier.js';
export {
  describeIdentifierProblem,
  identifierIssues,
  identifierProblem,
  nameKey,
  normaliseIdentifier,
  sameName,
} from './identifier.js';
