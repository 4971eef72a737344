// The shell's extension build, plus the alias to the one shared wire protocol (@drover/protocol).
const path = require('path');
const shellConfig = require('./.shell/pkg/vue.config')(__dirname);

const PROTOCOL_SOURCES = path.resolve(__dirname, '..', '..', 'extension-backend', 'protocol', 'src');

module.exports = {
  ...shellConfig,
  configureWebpack(config) {
    shellConfig.configureWebpack(config);
    config.resolve.alias['@drover/protocol'] = PROTOCOL_SOURCES;
  },
};
