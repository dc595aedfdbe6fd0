#!/usr/bin/env bash
# The step of action.yml: classify BASE...HEAD of the repository in the working directory,
# write the Markdown summary to the job summary and to a file (the PR comment), set the
# `tier` and `summary-file` outputs, and fail above TL_FAIL_ABOVE. Input errors (a bad range,
# a bad policy) fail the check: unknown is never safe.
set -euo pipefail
: "${TL_ACTION_PATH:?}" "${GITHUB_OUTPUT:?}" "${GITHUB_STEP_SUMMARY:?}"
fail_above="${TL_FAIL_ABOVE:-T2}"
case "$fail_above" in T0 | T1 | T2 | T3) ;; *)
  echo "::error::fail-above takes T0, T1, T2 or T3, not '$fail_above'"
  exit 2
  ;;
esac
if [ -z "${TL_BASE:-}" ] || [ -z "${TL_HEAD:-}" ]; then
  echo "::error::no base or head commit: run on a pull_request event, or give base and head"
  exit 2
fi
if [ -n "${TL_CLI:-}" ]; then read -ra cli <<<"$TL_CLI"; else cli=(node "$TL_ACTION_PATH/packages/cli/dist/bin.js"); fi
args=(classify --git "$TL_BASE...$TL_HEAD")
if [ -n "${TL_POLICY:-}" ]; then args+=(--policy "$TL_POLICY"); fi
# Facts from the tools CI already runs (docs/facts.md), one path per line for the lists.
add_each() {
  local flag="$1" list="$2" line
  while IFS= read -r line; do
    if [ -n "$line" ]; then args+=("$flag" "$line"); fi
  done <<<"$list"
}
add_each --coverage "${TL_COVERAGE:-}"
add_each --services "${TL_SERVICES:-}"
add_each --facts "${TL_FACTS:-}"
if [ -n "${TL_DEPENDENCY_FACTS:-}" ]; then args+=(--dependency-facts "$TL_DEPENDENCY_FACTS"); fi

json="$("${cli[@]}" "${args[@]}" --json)"
tier="$(node -e 'const c = JSON.parse(process.argv[1]); if (!/^T[0-3]$/.test(c.tier)) process.exit(2); process.stdout.write(c.tier)' "$json")"
summary="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/trustladder-summary.md"
"${cli[@]}" "${args[@]}" --format markdown >"$summary"
cat "$summary" >>"$GITHUB_STEP_SUMMARY"
{
  echo "tier=$tier"
  echo "summary-file=$summary"
} >>"$GITHUB_OUTPUT"
if [ "${tier#T}" -gt "${fail_above#T}" ]; then
  echo "::error::the change is $tier, above $fail_above: it needs what the summary lists before it can go on"
  exit 1
fi
echo "the change is $tier (fail above $fail_above)"
