#!/usr/bin/env bash
# When the tiers break down (docs/failure-modes.md), each failure mode and its mitigation on
# this folder's data, into one temporary SQLite ledger:
#   1 the daily reconciliation, 2 the stuck guard and the stall guard, 3 a novel task class
#   and its observer, 4 the post-hoc approval audit, 5 a policy change and its effect,
#   6 the PR check (action.yml's step, run with the variables and files Actions provides).
# Run from the repository root after `pnpm run build` (scripts/demo.sh does both).
set -uo pipefail
trustladder() { node packages/cli/dist/bin.js "$@"; }
EX=examples/failure-modes
LADDER=policies/trust-ladder.yaml
DIR="$(mktemp -d)"
LOG="$DIR/ledger.db"
trap 'rm -rf "$DIR"' EXIT
# The data is dated 2026-11-24..27: the clock is pinned so that the demo reads the same any day.
NOW=2026-11-27T14:00:00Z

echo "-- the day's heartbeats of four runs (RunProgressed, one RunCompleted) go into the ledger first"
trustladder ledger record --log "$LOG" --ladder "$LADDER" "$EX/heartbeats.jsonl" --now "$NOW"; echo "exit $?"
echo

echo "-- 1. reconcile: every open task under the current policy (exit 1: one is underclassified)"
trustladder reconcile --tasks "$EX/tasks" --log "$LOG" --ladder "$LADDER" --at "$NOW" --now "$NOW"; echo "exit $?"

echo; echo "-- 2a. escalation check: a T1 UI task whose branch also touches the login handler"
REPO="$DIR/repo"
mkdir -p "$REPO/ui/components" "$REPO/src/auth"
g() { git -C "$REPO" -c user.name=demo -c user.email=demo@example.com "$@"; }
g init -q -b main
echo 'export const count = 0;' >"$REPO/ui/components/CartButton.tsx"
g add -A && g commit -qm base
echo 'export const count = 1;' >"$REPO/ui/components/CartButton.tsx"
echo 'export function login() {}' >"$REPO/src/auth/login.ts"
g add -A && g commit -qm "cart count (and a login change)"
trustladder escalation check --task "$EX/work/cart-button.yaml" --git HEAD~1...HEAD --repo "$REPO" \
  --log "$LOG" --ladder "$LADDER" --now "$NOW"; echo "exit $?"

echo; echo "-- 2b. escalation stalls: the open runs at $NOW (2h without progress is a stall)"
trustladder escalation stalls --log "$LOG" --ladder "$LADDER" --now "$NOW" --stall-after 2h; echo "exit $?"
echo "   (run again: already escalated, nothing new)"
trustladder escalation stalls --log "$LOG" --ladder "$LADDER" --now "$NOW"; echo "exit $?"

echo; echo "-- 3. a novel task class: new-e's first ui-change task, without and with an observer"
trustladder dispatch check --task "$EX/work/first-ui-task.yaml" --agent new-e --ladder "$LADDER" --log "$LOG"; echo "exit $?"
trustladder dispatch check --task "$EX/work/first-ui-task-observed.yaml" --agent new-e --ladder "$LADDER" --log "$LOG"; echo "exit $?"
trustladder ledger status --ladder "$LADDER" --log "$LOG" --at "$NOW"

echo; echo "-- 4. audit approvals: the week's co-signs and interface approvals, each Sigstore bundle verified"
echo "   (two are forged: they approve nothing), against the cluster's admissions (Kyverno PolicyReports)"
trustladder audit approvals --approvals "$EX/approvals.json" --trusted-root examples/attestation/trusted-root.json \
  --admissions "$EX/policy-reports.json" --log "$LOG" --ladder "$LADDER" --now "$NOW"; echo "exit $?"
echo "   (with a cluster: --cluster [--kubeconfig F] reads the PolicyReports with the observer's read-only RBAC)"

echo; echo "-- every failure-mode signal is in the ledger's audit, and the log verifies"
trustladder ledger audit --ladder "$LADDER" --log "$LOG" --until "$NOW" | grep -v '^  none$'
trustladder ledger verify --ladder "$LADDER" --log "$LOG" --now "$NOW"; echo "exit $?"

echo; echo "-- 5. classify --policy-diff: what the proposed policy does to the example changes (exit 1: one moves down)"
inputs=()
for f in examples/changes/*.json; do inputs+=(--input "$f"); done
trustladder classify --policy-diff policies/blast-radius.yaml "$EX/blast-radius-proposed.yaml" "${inputs[@]}" |
  awk 'NR <= 2 || $4 != "-"'
echo "exit ${PIPESTATUS[0]}"

echo; echo "-- 6. the PR check: action.yml's step on the repository of 2a, as GitHub Actions runs it"
RUN="$DIR/run"
mkdir -p "$RUN"
printf '{"pull_request":{"base":{"sha":"%s"},"head":{"sha":"%s"}}}' "$(g rev-parse HEAD~1)" "$(g rev-parse HEAD)" >"$RUN/event.json"
: >"$RUN/summary.md"
: >"$RUN/output"
(
  cd "$REPO" &&
    GITHUB_EVENT_PATH="$RUN/event.json" GITHUB_OUTPUT="$RUN/output" GITHUB_STEP_SUMMARY="$RUN/summary.md" \
      RUNNER_TEMP="$RUN" TL_ACTION_PATH="$OLDPWD" TL_BASE="$(g rev-parse HEAD~1)" TL_HEAD="$(g rev-parse HEAD)" \
      TL_FAIL_ABOVE=T2 TL_CLI="node $OLDPWD/packages/cli/dist/bin.js" bash "$OLDPWD/scripts/action-classify.sh"
)
echo "exit $? (the check fails: T3 is above fail-above T2)"
echo "   \$GITHUB_OUTPUT:"
sed 's/^/     /' "$RUN/output"
echo "   \$GITHUB_STEP_SUMMARY (also the PR comment):"
sed 's/^/     /' "$RUN/summary.md"
exit 0
