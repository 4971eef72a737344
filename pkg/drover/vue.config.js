// The shell's extension build, plus the aliases to the shared wire protocol and its zod (build-aliases.js).
const NodePolyfillPlugin = require('node-polyfill-webpack-plugin');
const shellConfig = require('./.shell/pkg/vue.config')(__dirname);
const aliases = require('./build-aliases');

module.exports = {
  ...shellConfig,
  configureWebpack(config) {
    shellConfig.configureWebpack(config);
    Object.assign(config.resolve.alias, aliases);
    // The shell's Node polyfills, but not `console`: providing it swaps the browser's console for
    // console-browserify in every module that logs, and drags util and assert (~60 KB) into the panel's chunk.
    const polyfills = config.plugins.findIndex((plugin) => plugin instanceof NodePolyfillPlugin);

    if (polyfills < 0) {
      throw new Error('the shell\'s build no longer adds NodePolyfillPlugin: revisit pkg/drover/vue.config.js');
    }
    config.plugins.splice(polyfills, 1, new NodePolyfillPlugin({ excludeAliases: ['console'] }));
  },
};
