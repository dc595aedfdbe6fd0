#!/usr/bin/env bash
# The autonomy ledger on three months of events: record, status, verify, audit, dispatch, an
# anchored head, an event from the future refused, export and import, and a tampered export
# caught by verify offline. Uses a temporary SQLite ledger (ledger.db, the embedded default).
# Run from the repository root after `pnpm run build` (scripts/demo.sh does both).
set -uo pipefail
trustladder() { node packages/cli/dist/bin.js "$@"; }
LADDER=policies/trust-ladder.yaml
DIR="$(mktemp -d)"
LOG="$DIR/ledger.db"
trap 'rm -rf "$DIR"' EXIT

echo "-- record 99 events (exit 1 is expected: one run above its ceiling is a violation)"
trustladder ledger record --ladder "$LADDER" --log "$LOG" examples/ledger/events.jsonl; echo "exit $?"
echo; echo "-- status as of 2026-04-05 (a replay), and now (the projection)"
trustladder ledger status --ladder "$LADDER" --log "$LOG" --at 2026-04-05T00:00:00Z
trustladder ledger status --ladder "$LADDER" --log "$LOG" --json | head -12
echo; echo "-- verify the hash chain, the derived events and the projection; note the head"
trustladder ledger verify --ladder "$LADDER" --log "$LOG"; echo "exit $?"
HEAD="$(trustladder ledger verify --ladder "$LADDER" --log "$LOG" --json | node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8"));process.stdout.write(`${r.head.seq}:${r.head.hash}`)')"
echo; echo "-- every autonomy change of dev-e in the 90 days before 2026-04-05"
trustladder ledger audit --ladder "$LADDER" --log "$LOG" --agent dev-e --since 90d --until 2026-04-05T00:00:00Z
echo; echo "-- dispatch gate: a docs fix for dev-e, and a T3 refund flow for ops-e"
trustladder dispatch check --task examples/ledger/tasks/docs-fix.yaml --agent dev-e --ladder "$LADDER" --log "$LOG"; echo "exit $?"
trustladder dispatch check --task examples/ledger/tasks/refund-flow.yaml --agent ops-e --ladder "$LADDER" --log "$LOG"; echo "exit $?"
echo; echo "-- an event from the future is refused (exit 2), nothing is written"
echo '{"type":"RunCompleted","at":"2999-01-01T00:00:00Z","agent":"dev-e","taskClass":"docs-update","tier":"T0","outcome":"success"}' |
  trustladder ledger record --ladder "$LADDER" --log "$LOG" -; echo "exit $?"
echo; echo "-- the head written down earlier is still there"
trustladder ledger verify --ladder "$LADDER" --log "$LOG" --expect-head "$HEAD"; echo "exit $?"
echo; echo "-- export as JSON lines, import into a new ledger"
trustladder ledger export --ladder "$LADDER" --log "$LOG" --out "$DIR/ledger.jsonl"; echo "exit $?"
trustladder ledger import --ladder "$LADDER" --from "$DIR/ledger.jsonl" --log "$DIR/copy.db"; echo "exit $?"
echo; echo "-- tamper with one exported event, then verify it offline (exit 1, naming the line)"
sed -i '7s/"success"/"rollback"/' "$DIR/ledger.jsonl"
trustladder ledger verify --ladder "$LADDER" --log "$DIR/ledger.jsonl"; echo "exit $?"
exit 0
