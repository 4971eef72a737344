#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager and kube-scheduler (KUBERNETES_VERSION) and kwok (KWOK_VERSION)
# from the Go module proxy into the Drover cache. Idempotent: a binary that is already there is not rebuilt.
#
# k8s.io/kubernetes requires its staging modules (k8s.io/api, k8s.io/apiserver, ...) at the fake version v0.0.0
# and fixes that with replace directives, which Go ignores in a dependency. So we build through a wrapper module
# that replaces each of them with its published v0.<minor>.<patch> release.
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
retry="$here/install.sh control-plane"
KV="$KUBERNETES_VERSION"
MINOR="${KV#1.}"; MINOR="${MINOR%%.*}"
STAGING_V="v0.${KV#1.}"
OUT="$K8S_DIR/bin"
WORK="$K8S_DIR/build"

command -v go >/dev/null || die "'go' is not on PATH; install Go >= 1.24 (the toolchain needs it once, to build the control plane)" "$retry"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
export GOMODCACHE="$CACHE/go/mod" GOCACHE="$CACHE/go/build"

mkdir -p "$OUT" "$KWOK_DIR/bin" "$WORK"
cd "$WORK"
if [ ! -f go.mod ] || ! grep -q "k8s.io/kubernetes v$KV" go.mod; then
  rm -f go.mod go.sum
  go mod init drover.local/k8sbuild >/dev/null 2>&1
  gomod=$(go mod download -json "k8s.io/kubernetes@v$KV" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')
  [ -n "$gomod" ] || die "downloading k8s.io/kubernetes@v$KV from the Go module proxy failed" "$retry"
  awk '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" {print $1}' "$gomod" | sort -u | while read -r m; do
    go mod edit -replace "$m=$m@$STAGING_V"
  done
  go mod edit -require "k8s.io/kubernetes@v$KV"
fi

# Without these the binaries report v0.0.0-master: kubectl warns about version skew and charts with kubeVersion fail.
ldflags="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags="$ldflags -X $p.gitVersion=v$KV -X $p.gitMajor=1 -X $p.gitMinor=$MINOR -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done
for c in kube-apiserver kube-controller-manager kube-scheduler; do
  [ -x "$OUT/$c" ] && continue
  say "building $c v$KV from the Go module proxy (first run only; several minutes on 2 cores)"
  start=$(date +%s)
  go build -trimpath -ldflags "$ldflags" -o "$OUT/$c.partial" "k8s.io/kubernetes/cmd/$c" || die "go build of $c v$KV failed" "$retry"
  mv "$OUT/$c.partial" "$OUT/$c"
  say "$c built in $(( $(date +%s) - start )) s"
done

if [ ! -x "$KWOK_DIR/bin/kwok" ] || [ ! -d "$KWOK_DIR/crds" ]; then
  say "building kwok v$KWOK_VERSION"
  start=$(date +%s)
  rm -rf "$KWOK_DIR/.partial"
  GOBIN="$KWOK_DIR/.partial" go install "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION" || die "go install of kwok v$KWOK_VERSION failed" "$retry"
  # kwok serves `kubectl logs` from Logs/ClusterLogs objects; their CRDs ship in the same module.
  src="$(go mod download -json "sigs.k8s.io/kwok@v$KWOK_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')"
  mkdir -p "$KWOK_DIR/.partial/crds"
  cp "$src/kustomize/crd/bases/kwok.x-k8s.io_logs.yaml" "$src/kustomize/crd/bases/kwok.x-k8s.io_clusterlogs.yaml" "$KWOK_DIR/.partial/crds/"
  rm -rf "$KWOK_DIR/crds"; mv "$KWOK_DIR/.partial/crds" "$KWOK_DIR/crds"
  mv "$KWOK_DIR/.partial/kwok" "$KWOK_DIR/bin/kwok"; rm -rf "$KWOK_DIR/.partial"
  say "kwok built in $(( $(date +%s) - start )) s"
fi
