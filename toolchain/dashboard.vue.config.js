// vue-cli configuration for toolchain/build-dashboard.sh (VUE_CLI_SERVICE_CONFIG_PATH): the root app's own
// configuration (@rancher/shell's vue.config with the repo root as the app) minus every extension under pkg/, so
// the dashboard comes out as Rancher ships it and Drover has to arrive as a UIPlugin, the way users load it. The
// root vue.config.js (excludes: []) compiles pkg/drover in as a built-in extension, and the dashboard then refuses
// the UIPlugin of the same name (plugins.error.developerPkg).
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const config = require(path.join(root, 'node_modules/@rancher/shell/vue.config'));
const pkgDir = path.join(root, 'pkg');
const extensions = fs.existsSync(pkgDir) ? fs.readdirSync(pkgDir) : [];

module.exports = config(root, { excludes: extensions });
