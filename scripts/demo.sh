#!/usr/bin/env bash
# The main job on the shipped examples, on the embedded defaults (no server needed):
# classify every change in examples/changes and print the table of tiers and reasons,
# then one change in full.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=setup.sh
source scripts/setup.sh
setup_node
pnpm run --silent build

trustladder() { node packages/cli/dist/bin.js "$@"; }

printf '\n== trustladder classify: every change in examples/changes (default policy)\n\n'
inputs=()
for f in examples/changes/*.json; do inputs+=(--input "$f"); done
trustladder classify "${inputs[@]}"

printf '\n== one change in full: a migration whose patch is missing\n\n'
trustladder classify --input examples/changes/13-migration-without-patch.json

for walkthrough in examples/*/demo.sh; do
  [ -e "$walkthrough" ] || continue
  printf '\n== %s\n\n' "$(dirname "$walkthrough")"
  bash "$walkthrough"
done

# When the tiers break down (docs/failure-modes.md): reconciliation, the stuck and stall
# guards, a novel task class and its observer, the approval audit, a policy change's effect,
# and the PR check, each on examples/failure-modes.
printf '\n== examples/failure-modes: when the tiers break down\n\n'
bash examples/failure-modes/run.sh
