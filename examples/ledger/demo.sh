#!/usr/bin/env bash
# The autonomy ledger on three months of events: record, status, verify, audit, dispatch, and a
# tampered log caught by verify. Uses a temporary file ledger (the embedded default store).
# Run from the repository root after `pnpm run build` (scripts/demo.sh does both).
set -uo pipefail
trustladder() { node packages/cli/dist/bin.js "$@"; }
LADDER=policies/trust-ladder.yaml
LOG="$(mktemp -d)/ledger.jsonl"
trap 'rm -rf "$(dirname "$LOG")"' EXIT

echo "-- record 99 events (exit 1 is expected: one run above its ceiling is a violation)"
trustladder ledger record --ladder "$LADDER" --log "$LOG" examples/ledger/events.jsonl; echo "exit $?"
echo; echo "-- status as of 2026-04-05"
trustladder ledger status --ladder "$LADDER" --log "$LOG" --at 2026-04-05T00:00:00Z
echo; echo "-- verify the hash chain and the derived events"
trustladder ledger verify --ladder "$LADDER" --log "$LOG"; echo "exit $?"
echo; echo "-- every autonomy change of dev-e in the 90 days before 2026-04-05"
trustladder ledger audit --ladder "$LADDER" --log "$LOG" --agent dev-e --since 90d --until 2026-04-05T00:00:00Z
echo; echo "-- dispatch gate: a docs fix for dev-e, and a T3 refund flow for ops-e"
trustladder dispatch check --task examples/ledger/tasks/docs-fix.yaml --agent dev-e --ladder "$LADDER" --log "$LOG"; echo "exit $?"
trustladder dispatch check --task examples/ledger/tasks/refund-flow.yaml --agent ops-e --ladder "$LADDER" --log "$LOG"; echo "exit $?"
echo; echo "-- tamper with one stored event, then verify again (exit 1, naming the line)"
sed -i '7s/"success"/"rollback"/' "$LOG"
trustladder ledger verify --ladder "$LADDER" --log "$LOG"; echo "exit $?"
exit 0
