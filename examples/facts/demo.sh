#!/usr/bin/env bash
# Facts from the tools CI already runs: a refactor of the orders service in a throwaway git
# repository is T2 from the diff alone (coverage and service unknown), and T1 once CI gives
# classify the coverage report its test run wrote and the service catalog.
# Run from the repository root after `pnpm run build` (scripts/demo.sh does both).
set -euo pipefail
ROOT="$PWD"
trustladder() { node "$ROOT/packages/cli/dist/bin.js" "$@"; }
REPO="$(mktemp -d)"
trap 'rm -rf "$REPO"' EXIT

cp -r examples/facts/shop/. "$REPO"
cp examples/facts/services.yaml "$REPO/services.yaml"
cd "$REPO"
git init -q -b main && git config user.email demo@example.com && git config user.name demo
git add -A && git commit -qm "shop"
cp "$ROOT/examples/facts/refactor.mjs" services/orders/src/total.mjs
git commit -qam "orders: total counts quantities"

echo "-- the diff alone: coverage and service are unknown, the default applies"
trustladder classify --git HEAD~1...HEAD

echo; echo "-- run the tests with coverage (Node's test runner writes lcov), then classify with the facts"
node --test --experimental-test-coverage --test-reporter=lcov --test-reporter-destination=lcov.info \
  services/orders/test/total.test.mjs
trustladder classify --git HEAD~1...HEAD --coverage lcov.info --services services.yaml
