// Lint of the UI extension: Rancher's shared extension rules (the same as the dashboard's), nothing relaxed but
// `no-undef` in TypeScript, where the compiler (vue-tsc) already checks every name, DOM types and jest's included.
import globals from 'globals';
import shellConfig from '@rancher/shell/eslint.config.base.mjs';

export default [
  { ignores: ['node_modules/**', 'dist/**', 'dist-pkg/**', 'pkg/*/.shell/**', 'pkg/*/node_modules/**', 'extension-backend/**', 'mcp-server/**', 'tests/**', 'bench/**', 'toolchain/**', 'helm/**'] },
  ...shellConfig,
  { files: ['**/*.ts', '**/*.vue'], rules: { 'no-undef': 'off' } },
  { files: ['**/__tests__/**'], languageOptions: { globals: globals.jest } },
];
