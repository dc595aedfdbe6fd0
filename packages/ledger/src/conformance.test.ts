import { afterAll } from 'vitest';
import { defineConformanceSuite } from './testing/conformance.js';
import { postgresHarness, sqliteHarness } from './testing/harness.js';
import { postgresForTests } from './testing/postgres-server.js';
import { defineRemediationSuite } from './testing/remediation-conformance.js';

// One conformance suite, run against both stores.
defineConformanceSuite(sqliteHarness());
defineRemediationSuite(sqliteHarness());

const pg = await postgresForTests();
if (pg) {
  defineConformanceSuite(postgresHarness(pg.url));
  defineRemediationSuite(postgresHarness(pg.url));
  afterAll(() => pg.stop());
}
