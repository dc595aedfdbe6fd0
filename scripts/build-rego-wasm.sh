#!/usr/bin/env bash
# Compiles the Rego policies (policies/rego, tests excluded) into one WebAssembly module with
# both entrypoints, checked against the Wasm capabilities, and writes the module that ships in
# @trustladder/core: packages/core/wasm/trustladder.wasm.
#
#   scripts/build-rego-wasm.sh           rebuild the committed module
#   scripts/build-rego-wasm.sh --check   fail when the committed module differs from a rebuild
#
# Only policy.wasm is committed and compared, not the bundle: the bundle's tar.gz embeds the
# source paths given on the command line and depends on Go's gzip output, while policy.wasm is
# byte-for-byte the same on every rebuild with the pinned OPA (checked: two builds, same sha256).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

OUT=packages/core/wasm/trustladder.wasm
ENTRYPOINTS=(trustladder/blast_radius/classification trustladder/approval/decision)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

args=()
for e in "${ENTRYPOINTS[@]}"; do args+=(-e "$e"); done
# Relative paths, so nothing of this checkout's location ends up in the module.
opa build -t wasm --capabilities policies/rego/capabilities.json "${args[@]}" \
  --ignore '*_test.rego' --ignore '.regal' --ignore 'capabilities.json' \
  -o "$tmp/bundle.tar.gz" policies/rego
tar -xzf "$tmp/bundle.tar.gz" -C "$tmp" /policy.wasm 2>/dev/null || tar -xzf "$tmp/bundle.tar.gz" -C "$tmp" policy.wasm

if [ "${1:-}" = "--check" ]; then
  if ! cmp -s "$tmp/policy.wasm" "$OUT"; then
    echo "$OUT is stale or missing: run scripts/build-rego-wasm.sh and commit the result" >&2
    exit 1
  fi
  echo "$OUT matches a rebuild ($(wc -c <"$OUT") bytes, sha256 $(sha256sum "$OUT" | cut -c1-16)...)"
else
  mkdir -p "$(dirname "$OUT")"
  cp "$tmp/policy.wasm" "$OUT"
  echo "wrote $OUT ($(wc -c <"$OUT") bytes)"
fi
