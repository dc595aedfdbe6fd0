#!/usr/bin/env bash
# Docs as tests (scripts/doc-tests/run.mjs): every `console` block of README.md, docs/ and
# examples/*/README.md runs with the built CLI and must print what the doc shows; every `ts`
# block type-checks against the packages' published types and runs. Runs after tsc -b.
# An author whose change moves an output: TRUSTLADDER_UPDATE_DOCS=1 node scripts/doc-tests/run.mjs
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/.tools/bin:$ROOT/.tools/node/bin:$PATH"
node scripts/doc-tests/run.mjs
