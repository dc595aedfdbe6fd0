#!/usr/bin/env bash
# The packages as a downstream project installs them (scripts/pack-test/run.mjs): pnpm pack,
# install the tarballs into fresh ESM and CommonJS projects outside the workspace, import every
# export, type-check (strict, skipLibCheck off), run, and run the installed trustladder bin.
# Runs after tsc -b (the tarballs carry dist/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/.tools/bin:$ROOT/.tools/node/bin:$PATH"
node scripts/pack-test/run.mjs
