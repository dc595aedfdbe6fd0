#!/usr/bin/env bash
# The committed kyverno/ must be exactly what `trustladder kyverno generate` makes from
# policies/attestors.yaml: regenerate with the built CLI, then fail on any change or on any
# file git does not know. Then run every .kyverno-test fixture with Kyverno's own engine: the
# Kyverno CLI (kyverno test) and trustladder-kyverno-admit (Kyverno's webhook engines), both
# built by scripts/setup.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

node packages/cli/dist/bin.js kyverno generate --attestors policies/attestors.yaml --out kyverno
if ! git diff --exit-code -- kyverno/; then
  echo "kyverno/ is stale: run 'node packages/cli/dist/bin.js kyverno generate --attestors policies/attestors.yaml --out kyverno' and commit the result" >&2
  exit 1
fi
untracked="$(git ls-files --others --exclude-standard -- kyverno/)"
if [ -n "$untracked" ]; then
  printf 'kyverno/ has files git does not track (generate, then commit them):\n%s\n' "$untracked" >&2
  exit 1
fi
node packages/cli/dist/bin.js kyverno test --dir kyverno
