import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A throw-away PostgreSQL for the tests: initdb into a temp folder, listening on 127.0.0.1
// only, on a free port, with its socket in that folder. postgres refuses to run as root, so
// as root it runs as the `postgres` user. TRUSTLADDER_PG_URL, when set, names a server to use
// instead. In CI (CI=true) a server that cannot be had is a failure, never a skip.

export interface TestPostgres {
  readonly url: string;
  /** Stops the server and removes its folder (a no-op for TRUSTLADDER_PG_URL). */
  stop(): void;
}

const CANDIDATE_DIRS = [
  '/usr/lib/postgresql/17/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/15/bin',
];

function binDir(): string | undefined {
  const fromEnv = process.env.TRUSTLADDER_PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'pg_ctl'))) return fromEnv;
  for (const d of CANDIDATE_DIRS) if (existsSync(join(d, 'pg_ctl'))) return d;
  if (existsSync('/usr/lib/postgresql')) {
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse()) {
      const d = join('/usr/lib/postgresql', v, 'bin');
      if (existsSync(join(d, 'pg_ctl'))) return d;
    }
  }
  const which = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' });
  return which.status === 0 ? join(which.stdout.trim(), '..') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts a server, or explains in the returned string why none can be had. */
export async function startTestPostgres(): Promise<TestPostgres | string> {
  const external = process.env.TRUSTLADDER_PG_URL;
  if (external) return { url: external, stop: () => undefined };
  const bin = binDir();
  if (!bin) return 'no PostgreSQL binaries (scripts/setup.sh ensure_postgres installs them)';
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'trustladder-pg-'));
  const run = (cmd: string, args: string[]) => {
    const full = join(bin, cmd);
    if (asRoot)
      return execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe', cwd: dir });
    return execFileSync(full, args, { stdio: 'pipe', cwd: dir });
  };
  try {
    if (asRoot) {
      const ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
      const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
      chownSync(dir, Number(ids), Number(gid));
    }
    const data = join(dir, 'data');
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      try {
        run('pg_ctl', [
          '-D',
          data,
          '-l',
          join(dir, 'server.log'),
          '-w',
          '-t',
          '60',
          '-o',
          `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`,
          'start',
        ]);
        return {
          url: `postgres://postgres@127.0.0.1:${port}/postgres`,
          stop: () => {
            try {
              run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
            } catch {
              // already gone
            }
            rmSync(dir, { recursive: true, force: true });
          },
        };
      } catch (e) {
        lastError = e;
      }
    }
    throw lastError;
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    return `PostgreSQL would not start: ${stderr || (e as Error).message}`;
  }
}

/**
 * The server for a test file: the one a globalSetup started (TRUSTLADDER_PG_URL), or a new
 * one. Undefined (with a loud message) when none can be had outside CI; in CI it throws.
 */
export async function postgresForTests(): Promise<TestPostgres | undefined> {
  const server = await startTestPostgres();
  if (typeof server !== 'string') return server;
  if (process.env.CI === 'true') throw new Error(`CI=true and no PostgreSQL for the ledger tests: ${server}`);
  console.warn(`\n!!! SKIPPING the PostgreSQL ledger tests: ${server}\n!!! (CI=true makes this a failure)\n`);
  return undefined;
}
