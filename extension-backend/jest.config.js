/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // Tests run against the protocol's sources, so they never see a stale build.
  moduleNameMapper: { '^@drover/protocol$': '<rootDir>/protocol/src/index.ts' },
  // The real local control plane (shared with the other suites when run by npm test).
  globalSetup: '<rootDir>/../tests/cluster/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../tests/cluster/jest-global-teardown.ts',
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  testTimeout: 120_000,
  maxWorkers: 2,
};
