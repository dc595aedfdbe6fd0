#!/usr/bin/env bash
# End-to-end tests against a real control plane (etcd and kube-apiserver built by
# `scripts/setup.sh controlplane`): the observer under its own RBAC, kubectl apply of kyverno/
# and deploy/ with strict field validation. Runs after tsc -b, because the tests run the built
# CLI. Without the binaries the tests are skipped with a warning, except under CI=true, where
# that fails the run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/.tools/bin:$ROOT/.tools/node/bin:$PATH"

started=$SECONDS
pnpm exec vitest run --config vitest.e2e.config.ts
echo "-- control-plane e2e: $((SECONDS - started)) s"
