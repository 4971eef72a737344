#!/usr/bin/env bash
# Builds Rancher's own dashboard once per package-lock.json: the root app's locked @rancher/shell in production
# mode, WITHOUT the extensions under pkg/ (Drover comes in as a UIPlugin, as users load it), into
# $(dashboard_dir) = ~/.cache/drover/dashboard-<shell version>-<lockfile hash>/, laid out as Rancher's image lays
# out /usr/share/rancher/ui-dashboard, so that a Rancher started with
#   CATTLE_UI_DASHBOARD_PATH=<that folder> CATTLE_UI_OFFLINE_PREFERRED=true
# serves it at https://<rancher>/dashboard/:
#   dashboard/      the SPA, built for /dashboard/ (ROUTER_BASE, RESOURCE_BASE); Rancher serves files from here
#   index.html      -> dashboard/index.html, which Rancher serves for every other UI route
# About 3 minutes and 3.4 GB of memory on 2 cores (50 MB out, source maps included); webpack's loader caches
# stay in node_modules/.cache (~90 MB), as after `npm run build`.
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
retry="$here/install.sh dashboard"
DASHBOARD_DIR="$(dashboard_dir)"
[ -f "$DASHBOARD_DIR/index.html" ] && exit 0

"$here/install.sh" node
export PATH="$NODE_DIR/bin:$PATH"
npm_install . "$retry"
shell_version="$(node -p "require('$ROOT/node_modules/@rancher/shell/package.json').version")"
[ "$DASHBOARD_DIR" = "$CACHE/dashboard-$shell_version-${DASHBOARD_DIR##*-}" ] \
  || die "node_modules has @rancher/shell $shell_version, package-lock.json another one" "$retry"

tmp="$(mktemp -d "$CACHE/.tmp-XXXXXX")"
trap "rm -rf '$tmp'" EXIT
say "building Rancher's dashboard (@rancher/shell $shell_version, without pkg/) into $DASHBOARD_DIR (about 3 minutes)"
start=$(date +%s)
# The shell's vue.config reads these: where the app lives and where its files are fetched from (both /dashboard/
# behind Rancher), the output folder, and the version the About page shows.
(cd "$ROOT" && NODE_ENV=production ROUTER_BASE=/dashboard/ RESOURCE_BASE=/dashboard/ OUTPUT_DIR="$tmp/dashboard" \
  DASHBOARD_VERSION="$shell_version" COMMIT="${DASHBOARD_DIR##*-}" VUE_CLI_SERVICE_CONFIG_PATH="$here/dashboard.vue.config.js" \
  ./node_modules/.bin/vue-cli-service build --mode production >"$tmp/build.log" 2>&1) \
  || { tail -30 "$tmp/build.log" >&2; die "the dashboard build failed (a partial build is never reused)" "$retry"; }
[ -f "$tmp/dashboard/index.html" ] || die "the dashboard build wrote no index.html" "$retry"
grep -q 'src="/dashboard/js/' "$tmp/dashboard/index.html" \
  || die "the dashboard's index.html does not load its scripts from /dashboard/" "$retry"
ln -s dashboard/index.html "$tmp/index.html"
mv "$tmp/build.log" "$tmp/dashboard.build.log"
rm -rf "$DASHBOARD_DIR"; mkdir -p "$DASHBOARD_DIR"
mv "$tmp/dashboard" "$tmp/index.html" "$tmp/dashboard.build.log" "$DASHBOARD_DIR/"
say "dashboard built in $(( $(date +%s) - start )) s ($(du -sh "$DASHBOARD_DIR" | cut -f1))"
