# Sourced by scripts/setup.sh (which defines log, ROOT and TOOLS): builds the binaries of a
# throwaway Kubernetes control plane for the end-to-end tests (etcd, kube-apiserver) from the Go
# module proxy, pinned, once per machine; kubectl of the same release to apply manifests;
# Kyverno's admission controller and CRDs.
#
# Neither binary can be `go install`ed (their go.mod files carry replace directives), so each is
# built from a throwaway wrapper module. The result goes into a machine-wide cache keyed by name
# and version ($TRUSTLADDER_TOOLS_CACHE, default ~/.cache/trustladder-tools, <name>@<version>/) and is linked into
# .tools/bin, so a fresh clone on the same machine (CI) links instead of rebuilding.

ETCD_VERSION=v3.6.16
KUBERNETES_VERSION=v1.37.2
# The lead's setup.sh may pin Kyverno first (its CLI comes from the same module); one pin wins.
KYVERNO_VERSION="${KYVERNO_VERSION:-v1.19.0}"
TOOLS_CACHE="${TRUSTLADDER_TOOLS_CACHE:-$HOME/.cache/trustladder-tools}"

# Links $TOOLS_CACHE/<name>@<version>/<name> into .tools/bin (the layout of setup.sh's other
# cached tools), building it first with the given function when the cache lacks it. The build
# writes to a temporary name and renames, so an interrupted build never looks finished.
ensure_cached_binary() {
  local name="$1" version="$2" build="$3"
  local key="$name@$version"
  local dir="$TOOLS_CACHE/$key"
  if [ ! -x "$dir/$name" ]; then
    mkdir -p "$dir"
    log "building $name $version (cached in $dir)"
    local started=$SECONDS
    "$build" "$version" "$dir/$name.partial"
    mv -f "$dir/$name.partial" "$dir/$name"
    log "built $name $version in $((SECONDS - started)) s"
  fi
  ln -sfn "$dir/$name" "$TOOLS/bin/$name"
  echo "$key" >"$TOOLS/bin/.$name.version"
}

# A scratch folder for a wrapper module, removed when the build ends.
wrapper_module_dir() { mktemp -d "${TMPDIR:-/tmp}/trustladder-$1.XXXXXX"; }

# etcd: its server module is the main package; requiring it from a wrapper module lets its own
# go.mod's requirements apply without its replace directives.
build_etcd() {
  local version="$1" out="$2" dir
  dir="$(wrapper_module_dir etcd)"
  (
    cd "$dir"
    go mod init trustladder-tools/etcd >/dev/null 2>&1
    printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >tools.go
    go get "go.etcd.io/etcd/server/v3@$version" >/dev/null 2>&1 || go get "go.etcd.io/etcd/server/v3@$version"
    CGO_ENABLED=0 go build -trimpath -o "$out" go.etcd.io/etcd/server/v3
  )
  rm -rf "$dir"
}

# kube-apiserver and kubectl: k8s.io/kubernetes replaces its staging modules with ./staging
# paths, which only exist in its repository. The wrapper requires it and replaces each staging
# module with the published k8s.io/X v0.N.M of the same release (the sample-* modules are not
# published). Both commands share one module graph, so the second build reuses the first's cache.
build_kubernetes_command() {
  local command="$1" version="$2" out="$3" dir gomod staging="v0.${2#v1.}"
  dir="$(wrapper_module_dir "$command")"
  gomod="$(go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p')"
  [ -f "$gomod" ] || { log "no go.mod for k8s.io/kubernetes@$version"; return 1; }
  (
    cd "$dir"
    {
      printf 'module trustladder-tools/%s\n\ngo 1.26.0\n\ngodebug default=go1.26\n\n' "$command"
      printf 'require k8s.io/kubernetes %s\n\nreplace (\n' "$version"
      sed -n 's#^\s*\(k8s\.io/[a-z0-9-]*\) => \./staging/src/k8s\.io/.*$#\1#p' "$gomod" |
        grep -v '^k8s\.io/sample-' | while read -r module; do printf '\t%s => %s %s\n' "$module" "$module" "$staging"; done
      printf ')\n'
    } >go.mod
    printf '//go:build tools\n\npackage tools\n\nimport _ "k8s.io/kubernetes/cmd/%s"\n' "$command" >tools.go
    go mod tidy >/dev/null 2>&1 || go mod tidy
    CGO_ENABLED=0 go build -trimpath -o "$out" "k8s.io/kubernetes/cmd/$command"
  )
  rm -rf "$dir"
}
build_kube_apiserver() { build_kubernetes_command kube-apiserver "$@"; }
build_kubectl() { build_kubernetes_command kubectl "$@"; }

# The folder of a module version in the Go module cache (downloaded from the proxy if needed).
go_module_dir() {
  go mod download -json "$1@$2" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p'
}

# Kyverno's CRDs (config/crds of its module: policies, reports, exceptions), which the e2e
# tests install into the throwaway API server before applying kyverno/.
ensure_kyverno_crds() {
  local dir="$TOOLS_CACHE/kyverno-crds@$KYVERNO_VERSION"
  if [ ! -d "$dir" ]; then
    local module; module="$(go_module_dir github.com/kyverno/kyverno "$KYVERNO_VERSION")"
    [ -d "$module/config/crds" ] || { log "no config/crds in github.com/kyverno/kyverno@$KYVERNO_VERSION"; return 1; }
    mkdir -p "$dir.partial" && cp -R "$module/config/crds/." "$dir.partial/" && chmod -R u+w "$dir.partial"
    mv "$dir.partial" "$dir"
  fi
  ln -sfn "$dir" "$TOOLS/kyverno-crds"
}

# Kyverno's admission controller (./cmd/kyverno), from the module its CLI comes from. Its go.mod
# has replace directives, so it builds inside a writable copy of the downloaded module, where
# they apply. Named kyverno-admission-controller in .tools/bin: `kyverno` is the CLI.
build_kyverno_admission_controller() {
  local version="$1" out="$2" module dir
  module="$(go_module_dir github.com/kyverno/kyverno "$version")"
  [ -f "$module/go.mod" ] || { log "no github.com/kyverno/kyverno@$version in the module cache"; return 1; }
  dir="$(wrapper_module_dir kyverno)"
  cp -R "$module/." "$dir/" && chmod -R u+w "$dir"
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -o "$out" ./cmd/kyverno)
  rm -rf "$dir"
}

# One Go build at a time: the machines have two cores.
setup_controlplane() {
  ensure_cached_binary etcd "$ETCD_VERSION" build_etcd
  ensure_cached_binary kube-apiserver "$KUBERNETES_VERSION" build_kube_apiserver
  # kubectl applies kyverno/ and deploy/ as a platform team would (apply -k, server-side).
  ensure_cached_binary kubectl "$KUBERNETES_VERSION" build_kubectl
  ensure_kyverno_crds
  ensure_cached_binary kyverno-admission-controller "$KYVERNO_VERSION" build_kyverno_admission_controller
}
