// The one shared wire protocol (@drover/protocol) and the zod it is built on, for every webpack build that compiles
// the extension: its own build-pkg (pkg/drover/vue.config.js) and the root app's dev server and build, which compile
// pkg/drover in as a built-in extension (vue.config.js at the repository root).
const path = require('path');

const backend = path.resolve(__dirname, '..', '..', 'extension-backend');

module.exports = {
  '@drover/protocol': path.join(backend, 'protocol', 'src'),
  // The extension's own schemas use that one copy, not the older zod the shell brings along.
  zod:                path.join(backend, 'node_modules', 'zod'),
};
