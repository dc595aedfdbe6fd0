#!/usr/bin/env bash
# Mutation testing of the deciding modules (docs/mutation-testing.md), bounded so that CI stays
# fast: Stryker runs only on the deciding files whose source or tests changed since their
# committed incremental baseline (reports/mutation/baseline/), reusing every unchanged
# mutant's result, under a time budget; then every file is held to its threshold (90% gates,
# fold, verify, chain; 85% elsewhere). An unchanged tree runs no mutant: the check reads the
# baselines only. TRUSTLADDER_MUTATION=1 runs every deciding file instead (hours on 2 cores).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

BUDGET="${TRUSTLADDER_MUTATION_BUDGET_MINUTES:-30}"
if [ "${TRUSTLADDER_MUTATION:-}" = "1" ]; then
  node scripts/mutation/run.mjs --all --budget-minutes "${TRUSTLADDER_MUTATION_BUDGET_MINUTES:-600}"
else
  node scripts/mutation/run.mjs --budget-minutes "$BUDGET"
fi
