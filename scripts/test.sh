#!/usr/bin/env bash
# The whole test suite, as CI runs it: tool chain, lint, types, Rego, unit/property tests,
# generated-artifact drift. Works on a fresh machine: it installs what it needs first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=setup.sh
source scripts/setup.sh
setup_all

step() { printf '\n== %s\n' "$*"; }

step "schemas and default policies embedded in @trustladder/core are current"
node scripts/embed-schemas.mjs >/dev/null
git diff --exit-code -- packages/core/src/schemas/embedded.generated.ts packages/core/src/defaults/policies.generated.ts

step "public input types generated from schemas/ are current (scripts/generate-input-types.mjs)"
node scripts/generate-input-types.mjs --check

step "lint and format (biome)"
pnpm exec biome check .

step "types and build (tsc -b), then types of the tests too"
pnpm run build
pnpm exec tsc -p tsconfig.check.json

for stage in scripts/test.d/*.sh; do
  [ -e "$stage" ] || continue
  step "$(basename "$stage" .sh)"
  bash "$stage"
done

step "unit and property tests (vitest)"
results="$(mktemp)"
status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$results" || status=$?
# The plain closing line any CI understands, from vitest's own count.
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`)' "$results" || true
rm -f "$results"
exit "$status"
