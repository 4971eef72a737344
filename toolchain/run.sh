#!/usr/bin/env bash
# Entry point behind the README's commands. Installs whatever is missing (pinned toolchain, npm packages), puts
# the pinned Node, kubectl and helm first on PATH, then runs the job:
#   run.sh test            every test suite, ending with one line "N passed, N failed"
#   run.sh start           the main job (local cluster or $KUBECONFIG, Drover's services and its chat page)
#   run.sh cluster <cmd>   the local control plane for humans: up | down | status
#   run.sh bench <name>    a benchmark, bench/<name>/run.ts, or bench/<name>.ts for a name such as mcp/catalogue
#                          (prints its figures)
#   run.sh drover <args>   the drover CLI against a running backend (see extension-backend/README.md)
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
job="${1:-}"; [ $# -gt 0 ] && shift

if [ "$job" = test ]; then
  # CI reads the last line, so even a failed set-up ends with a summary.
  trap 'rc=$?; [ $rc -ne 0 ] && [ -z "${SUMMARY_PRINTED:-}" ] && echo "0 passed, 1 failed"; exit $rc' EXIT
fi

"$here/install.sh" node kube-tools
export PATH="$NODE_DIR/bin:$KUBE_TOOLS_DIR/bin:$PATH"
npm_install tests "$0 $job"
tsx=("$ROOT/tests/node_modules/.bin/tsx")

case "$job" in
  test)
    "$here/install.sh" etcd control-plane chromium rancher python-mcp
    for pkg in . mcp-server extension-backend bench; do npm_install "$pkg" "$0 $job"; done
    # Rancher's own dashboard, which the test run's Rancher serves to the browser tests (built once per lockfile).
    "$here/install.sh" dashboard
    SUMMARY_PRINTED=1 exec "${tsx[@]}" "$here/test-all.ts" "$@"
    ;;
  start)
    [ -z "${KUBECONFIG:-}" ] && "$here/install.sh" etcd control-plane
    # The root package builds the UI extension, which the backend serves as the standalone chat page.
    for pkg in . mcp-server extension-backend; do npm_install "$pkg" "$0 $job"; done
    exec "${tsx[@]}" "$here/start.ts" "$@"
    ;;
  cluster)
    [ "${1:-}" = up ] && "$here/install.sh" etcd control-plane
    if [ "${1:-}" = up ] && [[ " $* " == *" --rancher "* || " $* " == *" --drover "* ]]; then "$here/install.sh" rancher; fi
    if [ "${1:-}" = up ] && [[ " $* " == *" --drover "* ]]; then
      for pkg in . mcp-server extension-backend; do npm_install "$pkg" "$0 $job"; done
      "$here/install.sh" dashboard
    fi
    exec "${tsx[@]}" "$ROOT/tests/cluster/cli.ts" "$@"
    ;;
  bench)
    name="${1:-}"; script="$ROOT/bench/$name/run.ts"
    [[ "$name" == */* ]] && script="$ROOT/bench/$name.ts"
    [ -n "$name" ] && [ -f "$script" ] || die "no benchmark ${script#"$ROOT/"}"
    shift
    "$here/install.sh" etcd control-plane chromium
    if [ "$name" = cluster ] && [[ " $* " != *" --no-rancher "* ]]; then "$here/install.sh" rancher; fi
    npm_install bench "$0 $job"
    for pkg in mcp-server extension-backend; do npm_install "$pkg" "$0 $job"; done
    exec "$ROOT/bench/node_modules/.bin/tsx" "$script" "$@"
    ;;
  drover)
    npm_install extension-backend "$0 $job"
    "${tsx[@]}" "$here/build-backend.ts"
    exec node "$ROOT/extension-backend/dist/cli/main.js" "$@"
    ;;
  *)
    die "usage: toolchain/run.sh test | start | cluster up|down|status | bench <name> | drover <args>"
    ;;
esac
