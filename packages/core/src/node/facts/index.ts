// Facts from the tools teams already run (coverage reports, service catalogs, dependency
// allowlists and scores, any other fact by JSON pointer), added to a change with their sources.
export type { ChangeWithFacts, FactContext, FactFiles } from './apply-facts.js';
export { applyFacts, hasFactFiles } from './apply-facts.js';
export { changedLineNumbers } from './changed-lines.js';
export type { DependencyFactsFile } from './dependency-facts.js';
export { loadDependencyFacts } from './dependency-facts.js';
export type { ExtraFacts } from './extra-facts.js';
export { applyExtraFacts, readExtraFacts } from './extra-facts.js';
export type { FactSource } from './fact-source.types.js';
export type { CoverageFacts, CoverageFile } from './line-coverage/coverage-facts.js';
export { coverageFacts } from './line-coverage/coverage-facts.js';
export type { CoverageFormat, CoverageReport } from './line-coverage/coverage-report.types.js';
export type { MappedReport, ReportPathContext } from './line-coverage/map-report-paths.js';
export { mapReportPaths } from './line-coverage/map-report-paths.js';
export type { CoverageFromFiles } from './line-coverage/read-coverage-files.js';
export { coverageFromFiles } from './line-coverage/read-coverage-files.js';
export { readCoverageReport } from './line-coverage/read-coverage-report.js';
export type { DiscoveredGuards } from './services/discover-guards.js';
export { discoverGuards } from './services/discover-guards.js';
export type { CatalogLocation } from './services/load-service-catalog.js';
export { loadServiceCatalog } from './services/load-service-catalog.js';
export type { CatalogService, GuardName } from './services/service-catalog.types.js';
export type { GuardOrigin, ServiceFacts } from './services/service-facts.js';
export { serviceFacts } from './services/service-facts.js';
