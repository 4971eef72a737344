# Shared by the toolchain scripts: pinned versions, cache paths, and loud failures.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$here/.." && pwd)"
# shellcheck source=versions.env
. "$here/versions.env"
CACHE="${DROVER_CACHE:-$HOME/.cache/drover}"
NODE_DIR="$CACHE/node-v$NODE_VERSION"
KUBE_TOOLS_DIR="$CACHE/kubectl-v$KUBECTL_VERSION-helm-v$HELM_VERSION"
ETCD_DIR="$CACHE/etcd-v$ETCD_DEBIAN_VERSION"
K8S_DIR="$CACHE/kubernetes-v$KUBERNETES_VERSION"
KWOK_DIR="$CACHE/kwok-v$KWOK_VERSION"
RANCHER_DIR="$CACHE/rancher-v$RANCHER_VERSION"
PYTHON_MCP_DIR="$CACHE/python-mcp-$MCP_PYTHON_SDK_VERSION"
# Chromium's pinned folder is a symlink to the installed one when the mirror no longer had the pinned build.
CHROMIUM_DIR="$CACHE/chromium-v$CHROMIUM_DEBIAN_VERSION"
# Rancher's own dashboard, built from the root app's locked @rancher/shell (build-dashboard.sh): one folder per
# package-lock.json, so a lockfile change builds anew beside the old one.
dashboard_dir() {
  local shell lock
  shell="$(sed -n '/"node_modules\/@rancher\/shell": {/,/}/s/^ *"version": "\(.*\)",$/\1/p' "$ROOT/package-lock.json" | head -1)"
  lock="$(sha256sum "$ROOT/package-lock.json" | cut -c1-12)"
  echo "$CACHE/dashboard-${shell:-unknown}-$lock"
}

say() { echo "drover-toolchain: $*" >&2; }
die() { echo "drover-toolchain: ERROR: $1" >&2; [ -n "${2:-}" ] && echo "drover-toolchain: retry with: $2" >&2; exit 1; }

# npm packages of one folder of the repo, reinstalled only when its lockfile changes. Usage: npm_install <dir> <retry>
npm_install() {
  local dir="$ROOT/$1" stamp hash
  stamp="$dir/node_modules/.drover-lockfile-sha256"
  hash="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && return
  say "installing npm packages in ${1} (npm ci)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in $1 failed" "$2"
  echo "$hash" > "$stamp"
}
