#!/usr/bin/env bash
# The remediation trust ladder and the progressive trust levels, on one temporary ledger:
# requests and their one outcome, a dry run and its hold period, an approval with an
# override, an expiry, an alignment failure, graduation and an explicit move, trust levels.
# Run from the repository root after `pnpm run build` (scripts/demo.sh does both).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
trustladder() { node packages/cli/dist/bin.js "$@"; }
EX=examples/remediation
LOG="$(mktemp -t trustladder-remediation-XXXXXX.db)"
rm -f "$LOG" # the ledger creates it
trap 'rm -f "$LOG" "$LOG"-wal "$LOG"-shm "$LOG".*' EXIT
L=(--remediation-ladder policies/remediation-ladder.yaml --log "$LOG")

# A request's exit status says whether it may execute now (0) or not (1); both are outcomes.
ask() { trustladder remediation request "${L[@]}" "$1" || [ $? = 1 ]; }
say() { printf '\n-- %s\n' "$1"; }

say '09:00 drain-node-v1 is at observe (new workflows start in dry-run): a DryRun'
ask $EX/01-drain-node-staging.json
say '09:20 the same signal fires again inside the 1h hold period: Suppressed'
ask $EX/02-drain-node-again.json
say '09:30 restart-pod-v1 in production is at approve: the approval Rego requires a human (payments: 30m expiry)'
ask $EX/03-restart-payments-production.json
say '09:35 alice approves, with a longer grace period (the override is recorded)'
trustladder remediation approve "${L[@]}" --request rr-0930-payments --by alice@acme.example \
  --reason 'checked the RCA: connection leak after the 2.14 deploy' --override $EX/override.yaml --at 2026-05-04T09:35:00Z
say '09:40 a low-confidence restart of checkout awaits approval (15m default expiry)'
ask $EX/04-restart-checkout-low-confidence.json
say '10:00 nobody answered: the expiry sweep records it Expired'
trustladder remediation expire "${L[@]}" --at 2026-05-04T10:00:00Z
say '10:01 a late approval is refused: expiry never turns into approval'
trustladder remediation approve "${L[@]}" --request rr-0940-checkout --by bob@acme.example --at 2026-05-04T10:01:00Z 2>&1 \
  || echo "(exit $?: refused)"
say '10:05 crashloop-rollback-v1 is graduated at selective, and the policy needs no human in staging: Execute'
ask $EX/05-rollback-staging.json
say '10:10 restart-pod-v1 is at automate in staging, but the shadow agent disagrees: ManualReviewRequired'
ask $EX/06-restart-staging-misaligned.json

say 'the effectiveness monitor scores the executed runs; four more approved production restarts follow'
trustladder remediation assess "${L[@]}" --request rr-0930-payments --score 0.96 --at 2026-05-04T10:15:00Z
trustladder remediation assess "${L[@]}" --request rr-1005-rollback --score 0.9 --at 2026-05-04T10:16:00Z
for day in 05 06 07 08; do
  id="rr-$day-restart"
  printf '{"requestId":"%s","at":"2026-05-%sT08:00:00Z","fingerprint":"KubePodCrashLooping/shop/web-%s","workflow":"restart-pod-v1","target":{"kind":"Deployment","name":"web","namespace":"shop"},"environment":"production","confidence":0.84,"alignment":"aligned"}' \
    "$id" "$day" "$day" | trustladder remediation request "${L[@]}" - >/dev/null || true
  trustladder remediation approve "${L[@]}" --request "$id" --by alice@acme.example --at "2026-05-${day}T08:05:00Z" >/dev/null
  trustladder remediation assess "${L[@]}" --request "$id" --score 0.9$day --at "2026-05-${day}T09:00:00Z" >/dev/null
  echo "$id: approved by alice, effectiveness 0.9$day"
done

say 'graduation report (from the recorded history only)'
trustladder remediation graduation "${L[@]}"
say 'the move is an explicit, recorded event'
trustladder remediation move "${L[@]}" --workflow restart-pod-v1 --to automate --by sre-lead@acme.example \
  --reason 'five approvals without a rejection, mean effectiveness 0.92' --at 2026-05-09T09:00:00Z
trustladder remediation status "${L[@]}"

say 'progressive trust levels (Dorgu): per application and environment, never automatic'
trustladder trust-level check --agent dorgu --app checkout --env production --action recommend --log "$LOG" || echo "(exit $?)"
trustladder trust-level set --agent dorgu --app checkout --env production --level 2 --by alice@acme.example \
  --reason 'a month of recommendations applied without rework' --log "$LOG" --at 2026-05-09T10:00:00Z
trustladder trust-level check --agent dorgu --app checkout --env production --action propose --log "$LOG"
trustladder trust-level check --agent dorgu --app checkout --env production --action deploy-prod --log "$LOG" || echo "(exit $?)"

say 'the same ledger as the agent ceilings: the hash chain verifies, and no ceiling moved'
trustladder ledger verify --ladder policies/trust-ladder.yaml --log "$LOG"
