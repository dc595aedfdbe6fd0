#!/usr/bin/env bash
# The engine validates with Ajv's standalone code, generated from schemas/ at build time
# (scripts/generate-validators.mjs, issue 16): fails when the committed code is stale. Runs
# after tsc -b (the generator reads the built core's embedded schemas and Ajv options).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/.tools/bin:$ROOT/.tools/node/bin:$PATH"
node scripts/generate-validators.mjs --check
