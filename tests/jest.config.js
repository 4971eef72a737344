// Cross-component tests and the cluster harness's own tests. The real control plane starts once per run.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/__tests__/**/*.test.ts'],
  // Browser tests need every package built first: their own suite (jest.browser.config.js) runs them last.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/browser/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  globalSetup: '<rootDir>/cluster/jest-global-setup.ts',
  globalTeardown: '<rootDir>/cluster/jest-global-teardown.ts',
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  testTimeout: 120_000,
  // The control plane is one shared, real cluster: two workers keep both cores busy without starving it.
  maxWorkers: 2,
};
