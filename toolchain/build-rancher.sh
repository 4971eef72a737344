#!/usr/bin/env bash
# Builds Rancher Manager (RANCHER_VERSION) from its upstream source into the Drover cache, once:
# $RANCHER_DIR/bin/rancher. The rancher tag and the two modules the Go module proxy refuses here
# (cluster-api-provider-rke2, remotedialer-proxy) come as `git archive` tarballs, checked against
# toolchain/rancher-sources.sha256; every other module comes from the Go module proxy. About 15 minutes and
# 6 GB of memory on 2 cores; Go's build cache (~18 GB) is removed afterwards, the module cache is kept.
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
retry="$here/install.sh rancher"
SOURCES="${RANCHER_SOURCES:-$(cd "$here/../.." && pwd)/shared/vendor-src}"
SUMS="$here/rancher-sources.sha256"
WORK="$RANCHER_DIR/build"

command -v go >/dev/null || die "'go' is not on PATH; install Go >= 1.25 (needed once, to build Rancher)" "$retry"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
export GOMODCACHE="$CACHE/go/mod" GOCACHE="$WORK/gocache"

# One source tarball: from SOURCES if it is there, else GitHub's archive of the same tag; always checksummed.
fetch() {
  local name="$1" repo="$2" tag="$3" file="$WORK/$1"
  if [ -f "$SOURCES/$name" ]; then
    cp "$SOURCES/$name" "$file"
  else
    say "$name is not in $SOURCES; fetching tag $tag of $repo from GitHub"
    curl -fsSL "https://github.com/$repo/archive/refs/tags/$tag.tar.gz" -o "$file" || die "downloading $repo $tag failed" "$retry"
  fi
  (cd "$WORK" && grep " $name\$" "$SUMS" | sha256sum -c --quiet -) || die "$name does not match its checksum in $SUMS" "$retry"
  tar -xzf "$file" -C "$WORK/src"
}

rm -rf "$WORK" && mkdir -p "$WORK/src" "$RANCHER_DIR/bin"
fetch "rancher-v$RANCHER_VERSION.tar.gz" rancher/rancher "v$RANCHER_VERSION"
fetch "cluster-api-provider-rke2-v$RANCHER_CAPR2_VERSION.tar.gz" rancher/cluster-api-provider-rke2 "v$RANCHER_CAPR2_VERSION"
fetch "remotedialer-proxy-v$RANCHER_REMOTEDIALER_PROXY_VERSION.tar.gz" rancher/remotedialer-proxy "v$RANCHER_REMOTEDIALER_PROXY_VERSION"

cd "$WORK/src/rancher-v$RANCHER_VERSION"
go mod edit \
  -replace "github.com/rancher/cluster-api-provider-rke2=$WORK/src/cluster-api-provider-rke2-v$RANCHER_CAPR2_VERSION" \
  -replace "github.com/rancher/remotedialer-proxy=$WORK/src/remotedialer-proxy-v$RANCHER_REMOTEDIALER_PROXY_VERSION"
say "building Rancher v$RANCHER_VERSION from source (first run only; about 15 minutes and 6 GB of memory on 2 cores)"
start=$(date +%s)
go build -trimpath -tags k8s \
  -ldflags "-s -w -X github.com/rancher/rancher/pkg/version.Version=v$RANCHER_VERSION -X github.com/rancher/rancher/pkg/version.GitCommit=$RANCHER_COMMIT" \
  -o "$RANCHER_DIR/bin/rancher.partial" . || die "go build of Rancher v$RANCHER_VERSION failed (a partial build is never reused)" "$retry"
mv "$RANCHER_DIR/bin/rancher.partial" "$RANCHER_DIR/bin/rancher"
say "Rancher v$RANCHER_VERSION built in $(( $(date +%s) - start )) s; removing its Go build cache"
cd / && rm -rf "$WORK"
