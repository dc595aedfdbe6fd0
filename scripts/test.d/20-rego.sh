#!/usr/bin/env bash
# The Rego tool chain (run by scripts/test.sh after tsc, before vitest), in CI order:
#   1. opa fmt: every .rego file is formatted (fail on diff)
#   2. the Wasm capabilities file is current (scripts/rego-capabilities.mjs --check)
#   3. opa check --strict against those capabilities: no built-in the Wasm runtime lacks
#   4. regal lint, from the repository root (.regal/config.yaml) and on the policy folder
#   5. opa test with coverage, floor REGO_COVERAGE_FLOOR (95%) for every policy file
#   6. opa build -t wasm (both entrypoints) and drift check of the committed module
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/.tools/bin:$ROOT/.tools/node/bin:$PATH"

REGO=policies/rego
CAPABILITIES=$REGO/capabilities.json
FLOOR="${REGO_COVERAGE_FLOOR:-95}"
IGNORE=(--ignore '.regal' --ignore 'capabilities.json')

echo "-- opa fmt"
opa fmt --list --fail "$REGO"

echo "-- capabilities"
node scripts/rego-capabilities.mjs --check

echo "-- opa check --strict"
opa check --strict --capabilities "$CAPABILITIES" "${IGNORE[@]}" "$REGO"

echo "-- regal lint"
regal lint .
regal lint "$REGO"

echo "-- opa test"
# opa test's default timeout (5 s) is wall time: on a loaded machine the 99-pattern test took
# 5-6 s of wall time for 0.6 s of CPU, so it failed for the machine's load, not the policy's.
opa test --timeout 60s "${IGNORE[@]}" "$REGO"
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
opa test --timeout 60s --coverage --format json "${IGNORE[@]}" "$REGO" >"$report"
node - "$report" "$FLOOR" <<'JS'
// The floor applies to each policy file on its own (tests are always fully covered).
const [file, floor] = process.argv.slice(2);
const report = JSON.parse(require('node:fs').readFileSync(file, 'utf8'));
let failed = false;
for (const [name, entry] of Object.entries(report.files)) {
  if (name.endsWith('_test.rego')) continue;
  const coverage = entry.coverage ?? 0;
  const gaps = (entry.not_covered ?? []).map((r) => `${r.start.row}-${r.end.row}`).join(', ');
  console.log(`   ${name}: ${coverage.toFixed(1)}%${gaps ? ` (not covered: lines ${gaps})` : ''}`);
  if (coverage < Number(floor)) failed = true;
}
if (failed) {
  console.error(`coverage below the floor of ${floor}%`);
  process.exit(1);
}
JS

echo "-- opa build -t wasm (drift check of packages/core/wasm/trustladder.wasm)"
bash scripts/build-rego-wasm.sh --check
