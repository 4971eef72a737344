# Shared by the toolchain scripts: pinned versions, cache paths, and loud failures.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
. "$here/versions.env"
CACHE="${DROVER_CACHE:-$HOME/.cache/drover}"
NODE_DIR="$CACHE/node-v$NODE_VERSION"
KUBE_TOOLS_DIR="$CACHE/kubectl-v$KUBECTL_VERSION-helm-v$HELM_VERSION"
ETCD_DIR="$CACHE/etcd-v$ETCD_DEBIAN_VERSION"
K8S_DIR="$CACHE/kubernetes-v$KUBERNETES_VERSION"
KWOK_DIR="$CACHE/kwok-v$KWOK_VERSION"
RANCHER_DIR="$CACHE/rancher-v$RANCHER_VERSION"
# Chromium's pinned folder is a symlink to the installed one when the mirror no longer had the pinned build.
CHROMIUM_DIR="$CACHE/chromium-v$CHROMIUM_DEBIAN_VERSION"

say() { echo "drover-toolchain: $*" >&2; }
die() { echo "drover-toolchain: ERROR: $1" >&2; [ -n "${2:-}" ] && echo "drover-toolchain: retry with: $2" >&2; exit 1; }
