#!/usr/bin/env node
// The version check runs before anything else is loaded: on an older Node, the dependencies
// (sigstore, @kubernetes/client-node) fail at import with errors that name nothing useful.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `trustladder: needs Node.js >= 22.12 (this is ${process.versions.node}); scripts/setup.sh installs one\n`,
  );
  process.exit(2);
}
// Node's on-disk compile cache (22.1+): later runs skip parsing and compiling the modules a
// command loads, most of a cold start (issue 16). It is only a cache: a stale or unwritable
// one is ignored by Node, never an error.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { processIo } = await import('./io.js');
const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2), processIo());
