import { startTestPostgres, type TestPostgres } from './postgres-server.js';

// vitest globalSetup: one PostgreSQL for every ledger test file, stopped afterwards. Files
// find it through TRUSTLADDER_PG_URL (inherited by the test workers). Without this setup,
// each file that needs a server starts its own.
let server: TestPostgres | undefined;

export async function setup(): Promise<void> {
  if (process.env.TRUSTLADDER_PG_URL) return;
  const started = await startTestPostgres();
  if (typeof started === 'string') {
    if (process.env.CI === 'true')
      throw new Error(`CI=true and no PostgreSQL for the ledger tests: ${started}`);
    console.warn(`\n!!! PostgreSQL ledger tests will be skipped: ${started}\n`);
    return;
  }
  server = started;
  process.env.TRUSTLADDER_PG_URL = started.url;
}

export async function teardown(): Promise<void> {
  server?.stop();
  if (server) delete process.env.TRUSTLADDER_PG_URL;
}
