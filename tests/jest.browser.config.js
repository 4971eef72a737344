// Browser tests (tests/browser): the built UI bundle, backend and MCP server in Debian's Chromium. One at a time:
// Chromium and the shared cluster would otherwise compete for two cores.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/browser/**/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/browser/tsconfig.json' }] },
  testTimeout: 180_000,
  maxWorkers: 1,
};
