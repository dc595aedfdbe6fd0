// OPA's Go evaluator for the benches, the same Rego sources and data two ways: its REST server
// (`opa run --server` on 127.0.0.1, one keep-alive connection, one request at a time) and one
// `opa eval` process per decision. `startOpa(data)` returns { post, opaEval, evalArgs, close }.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OPA = join(root, '.tools/bin/opa');
const run = promisify(execFile);

async function freePort() {
  const server = net.createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

export async function startOpa(data) {
  const dir = mkdtempSync(join(tmpdir(), 'trustladder-opa-bench-'));
  const dataFile = join(dir, 'data.json');
  writeFileSync(dataFile, JSON.stringify(data));
  const sources = [
    'policies/rego/blast_radius/blast_radius.rego',
    'policies/rego/approval/approval.rego',
  ].map((p) => join(root, p));

  const port = await freePort();
  const server = spawn(
    OPA,
    ['run', '--server', '--addr', `127.0.0.1:${port}`, '--log-level', 'error', ...sources, dataFile],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  function post(path, input) {
    const body = JSON.stringify({ input });
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`));
            else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')).result);
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async function waitForServer() {
    for (let i = 0; i < 200; i++) {
      try {
        await new Promise((ok, ko) =>
          http
            .get({ host: '127.0.0.1', port, path: '/health' }, (r) => {
              r.resume();
              if (r.statusCode === 200) ok();
              else ko();
            })
            .on('error', ko),
        );
        return;
      } catch {
        await new Promise((ok) => setTimeout(ok, 50));
      }
    }
    throw new Error('opa run --server did not come up');
  }

  // The arguments of `opa eval` for one input file (also for timing whole processes).
  const evalArgs = (query, inputFile) => [
    'eval',
    '--format',
    'json',
    ...sources.flatMap((s) => ['-d', s]),
    '-d',
    dataFile,
    '-i',
    inputFile,
    query,
  ];

  let evalSeq = 0;
  async function opaEval(query, input) {
    const inputFile = join(dir, `input-${evalSeq++ % 4}.json`);
    writeFileSync(inputFile, JSON.stringify(input));
    const { stdout } = await run(OPA, evalArgs(query, inputFile), { maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout).result?.[0]?.expressions[0]?.value;
  }

  await waitForServer();
  return {
    post,
    opaEval,
    evalArgs,
    dir,
    close() {
      agent.destroy();
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
