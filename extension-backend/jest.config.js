/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
  // Tests run against the protocol's sources, so they never see a stale build.
  moduleNameMapper: { '^@drover/protocol$': '<rootDir>/protocol/src/index.ts' },
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};
