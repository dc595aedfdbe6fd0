#!/usr/bin/env bash
# Remediation approval through the Rego policy compiled to WebAssembly, on every example input.
# Run from the repository root after `pnpm run build` (scripts/demo.sh does both).
set -uo pipefail
trustladder() { node packages/cli/dist/bin.js "$@"; }

printf '%-42s %-9s %s\n' INPUT DECISION REASONS
for f in examples/approval/*.json; do
  out="$(trustladder approval --input "$f" --json)"
  code=$?
  decision=$([ "$code" = 0 ] && echo auto || echo approval)
  reasons="$(node -e 'const r = JSON.parse(process.argv[1]); console.log(r.reasons.join("; ") || "-")' "$out")"
  printf '%-42s %-9s %s\n' "$(basename "$f")" "$decision" "$reasons"
done
printf '\nWith two workflows trusted for production (examples/approval/trusted-production.yaml):\n'
trustladder approval --input examples/approval/03-crashloop-rollback-production.json --data examples/approval/trusted-production.yaml
exit 0
