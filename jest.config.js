// Unit tests of the Rancher UI extension (pkg/drover), on the shell's own toolchain (jest 29, @vue/vue3-jest).
// @rancher/shell ships untranspiled TS/ESM/.vue sources in node_modules, so they are transformed too.
const path = require('path');

/** @type {import('jest').Config} */
module.exports = {
  rootDir:                __dirname,
  testEnvironment:        '<rootDir>/test/jsdom-environment.js',
  // Make vue and @vue/test-utils resolve to their CommonJS builds under jsdom.
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
  roots:                  ['<rootDir>/pkg'],
  testMatch:              ['**/__tests__/**/*.test.ts'],
  setupFilesAfterEnv:     ['<rootDir>/test/jest.setup.ts'],
  moduleFileExtensions:   ['js', 'mjs', 'json', 'vue', 'ts', 'yaml'],
  moduleNameMapper:       {
    '^@shell/(.*)$':         '<rootDir>/node_modules/@rancher/shell/$1',
    '^~shell/(.*)$':         '<rootDir>/node_modules/@rancher/shell/$1',
    '^@components/(.*)$':    '<rootDir>/node_modules/@rancher/shell/rancher-components/$1',
    '^@pkg/drover/(.*)$':    '<rootDir>/pkg/drover/$1',
    '^@drover/protocol$':    '<rootDir>/extension-backend/protocol/src/index.ts',
    // The protocol's own dependency, resolved from the backend package that owns it.
    '^zod$':                 path.join(__dirname, 'extension-backend', 'node_modules', 'zod'),
    '\\.(css|scss)$':        '<rootDir>/test/style-mock.js',
  },
  transform: {
    '^.+\\.vue$':       '@vue/vue3-jest',
    '^.+\\.(t|j|mj)s$': 'babel-jest',
    '^.+\\.ya?ml$':     '<rootDir>/test/yaml-transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(@rancher/shell|color|color-string|color-convert|color-name|vee-validate|@vee-validate)/)'],
  cacheDirectory:          '<rootDir>/node_modules/.cache/jest',
};
