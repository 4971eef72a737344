// jsdom, plus Node's own fetch (jsdom has none): the UI's HTTP client talks to real local servers in unit tests.
const JsdomEnvironment = require('jest-environment-jsdom').default;

module.exports = class JsdomWithFetch extends JsdomEnvironment {
  constructor(config, context) {
    super(config, context);
    Object.assign(this.global, { fetch, Request, Response, Headers });
  }
};
