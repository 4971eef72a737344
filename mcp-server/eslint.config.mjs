// Lint of the MCP server (`npm run lint`, a step of the mcp-server suite of `npm test`): ESLint's and
// typescript-eslint's recommended rules (not the type-checked set: the compiler already runs in `npm run typecheck`),
// plus the two boundaries the policy relies on. Formatting is Prettier's (.prettierrc.json), not ESLint's.
//   - Processes start only in src/exec/run.ts: every kubectl and helm call passes the policy on its way there.
//   - Only the gateway (src/gateway/) talks HTTP to the API server: every Kubernetes request, the server's own and
//     each kubectl/helm process's, is judged there. Elsewhere node:http and node:https give types only (`import type`),
//     as src/http.ts (the MCP HTTP server, on express) does.
// Tests start servers and processes of their own, so they are exempt from both boundaries (not from the rest).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const EXEC = 'src/exec/run.ts';
const GATEWAY = 'src/gateway/**';

const PROCESS = {
  modules: ['node:child_process', 'child_process'],
  message: `Processes start only in ${EXEC}, behind the policy: run kubectl and helm through src/exec.`,
};
const HTTP_CLIENT = {
  modules: ['node:http', 'node:https', 'http', 'https', 'undici'],
  message: 'Only the gateway (src/gateway/) sends HTTP requests to the API server: it judges each one. Elsewhere, `import type` only.',
};

/** The import rules for a file that may use none of these boundaries' modules. */
function restrict(...boundaries) {
  const modules = boundaries.flatMap((b) => b.modules);
  return {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths: boundaries.flatMap((b) => b.modules.map((name) => ({ name, message: b.message, allowTypeImports: true }))),
      },
    ],
    // `import('node:child_process')` would slip past no-restricted-imports (and require() is an error of its own).
    'no-restricted-syntax': [
      'error',
      {
        selector: `ImportExpression[source.value=/^(${modules.map((m) => m.replace(/[.:]/g, '\\$&')).join('|')})$/]`,
        message: 'Import this module statically, where the import rules can see it.',
      },
    ],
  };
}

const noFetch = {
  'no-restricted-globals': ['error', { name: 'fetch', message: HTTP_CLIENT.message }],
  'no-restricted-properties': ['error', { object: 'globalThis', property: 'fetch', message: HTTP_CLIENT.message }],
};

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks what is unused on purpose (as the compiler's noUnusedLocals reads it).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      // `require('…/package.json').version` reads a version without resolveJsonModule; any other require is an import.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['/package\\.json$'] }],
    },
  },
  { files: ['src/**', 'scripts/**'], rules: { ...restrict(PROCESS, HTTP_CLIENT), ...noFetch } },
  { files: [EXEC], rules: restrict(HTTP_CLIENT) },
  { files: [GATEWAY], rules: { ...restrict(PROCESS), 'no-restricted-globals': 'off', 'no-restricted-properties': 'off' } },
);
