import { describe, expect, test } from 'vitest';
import { TrustladderError } from '../../errors.js';
import {
  applyExtraFacts,
  applyFacts,
  changedLineNumbers,
  coverageFacts,
  coverageFromFiles,
  discoverGuards,
  loadDependencyFacts,
  loadServiceCatalog,
  mapReportPaths,
  readCoverageReport,
  readExtraFacts,
  serviceFacts,
} from './index.js';

// Every exported facts entry point refuses a wrong call with INVALID_INPUT before it reads
// anything, instead of failing later or, worse, answering.
const calls: Array<[string, () => unknown]> = [
  ['applyFacts: no change', () => applyFacts(null, {}, { cwd: '.' })],
  ['applyFacts: no cwd', () => applyFacts({ files: [] }, {}, {} as never)],
  ['applyExtraFacts', () => applyExtraFacts({ files: [] }, {} as never, new Set())],
  ['changedLineNumbers', () => changedLineNumbers(3 as never)],
  ['coverageFacts: files', () => coverageFacts([{}] as never, [])],
  ['coverageFacts: reports', () => coverageFacts([], [{}] as never)],
  ['coverageFromFiles', () => coverageFromFiles([], [], { cwd: '.', top: '.' })],
  ['discoverGuards', () => discoverGuards(null as never)],
  ['loadDependencyFacts', () => loadDependencyFacts(undefined as never, 'x')],
  ['loadServiceCatalog', () => loadServiceCatalog('a: 1', undefined as never)],
  ['mapReportPaths', () => mapReportPaths({} as never, { top: '/', reportDir: '', exists: () => true })],
  ['readCoverageReport', () => readCoverageReport(Buffer.from('SF:a') as never, 'x')],
  ['readExtraFacts', () => readExtraFacts({} as never, 'x')],
  ['serviceFacts', () => serviceFacts([{ path: 'a' }], [{ name: 'x' }] as never)],
];

describe('facts entry points validate their arguments', () => {
  test.each(calls)('%s', (_, call) => {
    try {
      call();
    } catch (e) {
      expect(e).toBeInstanceOf(TrustladderError);
      expect((e as TrustladderError).code).toBe('INVALID_INPUT');
      expect((e as TrustladderError).issues[0]?.code).toBe('invalid_argument');
      return;
    }
    throw new Error('accepted');
  });
});
