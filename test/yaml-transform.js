// Jest transform for the l10n YAML files, as webpack's js-yaml-loader does in the build: the file becomes its object.
const yaml = require('js-yaml');

module.exports = {
  process(source) {
    return { code: `module.exports = ${ JSON.stringify(yaml.load(source)) };` };
  },
};
