// Lint of the UI extension: Rancher's shared extension rules (the same as the dashboard's), nothing relaxed.
import shellConfig from '@rancher/shell/eslint.config.base.mjs';

export default [
  { ignores: ['node_modules/**', 'dist/**', 'dist-pkg/**', 'pkg/*/.shell/**', 'extension-backend/**', 'mcp-server/**', 'tests/**', 'bench/**', 'toolchain/**', 'helm/**'] },
  ...shellConfig,
];
