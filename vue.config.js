// The Rancher dashboard app (npm run dev / build) with the extensions under pkg/ compiled in, plus the aliases
// pkg/drover needs (its shared wire protocol).
const config = require('@rancher/shell/vue.config'); // eslint-disable-line @typescript-eslint/no-var-requires
const droverAliases = require('./pkg/drover/build-aliases'); // eslint-disable-line @typescript-eslint/no-var-requires

const app = config(__dirname, { excludes: [] });

module.exports = {
  ...app,
  configureWebpack(webpackConfig) {
    app.configureWebpack(webpackConfig);
    Object.assign(webpackConfig.resolve.alias, droverAliases);
  },
};
