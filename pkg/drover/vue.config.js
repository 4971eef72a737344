// The shell's extension build, plus the alias to the one shared wire protocol (@drover/protocol) and to the zod it
// is built on (so the extension's own schemas use that one copy, not the older one the shell brings along).
const path = require('path');
const NodePolyfillPlugin = require('node-polyfill-webpack-plugin');
const shellConfig = require('./.shell/pkg/vue.config')(__dirname);

const PROTOCOL_SOURCES = path.resolve(__dirname, '..', '..', 'extension-backend', 'protocol', 'src');
const PROTOCOL_ZOD = path.resolve(__dirname, '..', '..', 'extension-backend', 'node_modules', 'zod');

module.exports = {
  ...shellConfig,
  configureWebpack(config) {
    shellConfig.configureWebpack(config);
    config.resolve.alias['@drover/protocol'] = PROTOCOL_SOURCES;
    config.resolve.alias.zod = PROTOCOL_ZOD;
    // The shell's Node polyfills, but not `console`: providing it swaps the browser's console for
    // console-browserify in every module that logs, and drags util and assert (~60 KB) into the panel's chunk.
    const polyfills = config.plugins.findIndex((plugin) => plugin instanceof NodePolyfillPlugin);

    if (polyfills < 0) {
      throw new Error('the shell\'s build no longer adds NodePolyfillPlugin: revisit pkg/drover/vue.config.js');
    }
    config.plugins.splice(polyfills, 1, new NodePolyfillPlugin({ excludeAliases: ['console'] }));
  },
};
