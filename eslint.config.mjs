// Lint of the UI extension: Rancher's shared extension rules (the same as the dashboard's), nothing relaxed but
// `no-undef` in TypeScript, where the compiler (vue-tsc) already checks every name, DOM types and jest's included.
// Added: a line-length limit, which the shared rules lack. Their stylistic rules own the extension's formatting
// (`eslint --fix`); Prettier formats only the two Node services (mcp-server/, extension-backend/), never pkg/.
import globals from 'globals';
import shellConfig from '@rancher/shell/eslint.config.base.mjs';

export default [
  { ignores: ['node_modules/**', 'dist/**', 'dist-pkg/**', 'pkg/*/.shell/**', 'pkg/*/node_modules/**', 'extension-backend/**', 'mcp-server/**', 'tests/**', 'bench/**', 'toolchain/**', 'helm/**'] },
  ...shellConfig,
  { files: ['**/*.ts', '**/*.vue'], rules: { 'no-undef': 'off' } },
  // Long strings, template literals and URLs may run over: breaking them only to fit would hide what they say.
  {
    rules: {
      'max-len': ['warn', {
        code: 160, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true,
      }],
    },
  },
  { files: ['**/__tests__/**'], languageOptions: { globals: globals.jest } },
];
