# Sourced by scripts/setup.sh (which defines log, TOOLS, TOOLS_CACHE, KYVERNO_VERSION, is_current,
# link_cached, kyverno_source and ensure_kyverno_binary): the binaries of a throwaway Kubernetes
# control plane for the end-to-end tests, pinned and built once per machine from the Go module
# proxy: etcd, kube-apiserver, kubectl of the same release (to apply manifests as a platform team
# does), Kyverno's admission controller, and Kyverno's CRDs.
#
# etcd and kube-apiserver cannot be `go install`ed (their go.mod files carry replace
# directives), so each is built from a throwaway wrapper module, into the machine-wide cache
# ($TOOLS_CACHE/<name>@<version>/) and linked into .tools/bin like setup.sh's other tools.

ETCD_VERSION=v3.6.16
KUBERNETES_VERSION=v1.37.2

# Builds $TOOLS_CACHE/<name>@<version>/<name> with the given function unless the cache has it,
# then links it. The build writes to a temporary name and renames, so an interrupted build never
# looks finished.
ensure_cached_binary() {
  local name="$1" version="$2" build="$3"
  local key="$name@$version"
  if is_current "$name" "$key" || link_cached "$name" "$key"; then return; fi
  mkdir -p "$TOOLS_CACHE/$key"
  log "building $name $version (cached in $TOOLS_CACHE/$key)"
  local started=$SECONDS
  "$build" "$version" "$TOOLS_CACHE/$key/$name.partial"
  mv -f "$TOOLS_CACHE/$key/$name.partial" "$TOOLS_CACHE/$key/$name"
  log "built $name $version in $((SECONDS - started)) s"
  link_cached "$name" "$key"
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

# Kyverno's CRDs (config/crds of the Kyverno source setup.sh keeps: policies, reports,
# exceptions), which the e2e tests install before applying kyverno/.
ensure_kyverno_crds() {
  local src; src="$(kyverno_source)"
  [ -d "$src/config/crds" ] || { log "no config/crds in $src"; return 1; }
  ln -sfn "$src/config/crds" "$TOOLS/kyverno-crds"
}

# One Go build at a time: the machines have two cores. Kyverno's admission controller
# (./cmd/kyverno) builds in the same Kyverno source as its CLI (setup_kyverno), reusing most of
# that build; it is named kyverno-admission-controller because `kyverno` is the CLI.
setup_controlplane() {
  ensure_cached_binary etcd "$ETCD_VERSION" build_etcd
  ensure_cached_binary kube-apiserver "$KUBERNETES_VERSION" build_kube_apiserver
  ensure_cached_binary kubectl "$KUBERNETES_VERSION" build_kubectl
  ensure_kyverno_crds
  ensure_kyverno_binary kyverno-admission-controller cmd/kyverno
}
