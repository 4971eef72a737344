// Lint of the backend (`npm run lint`, a step of the extension-backend suite of `npm test`): ESLint's and
// typescript-eslint's recommended rules (not the type-checked set: the compiler already runs in `npm run typecheck`),
// plus the import boundaries the code relies on. Formatting is Prettier's (.prettierrc.json), not ESLint's.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Modules that start processes. The backend runs none: kubectl and helm run in the MCP server, behind its policy. */
const PROCESS_MODULES = ['node:child_process', 'child_process'];
/**
 * HTTP clients for the Kubernetes API server and Rancher: only the identity clients (src/identity/kube-client.ts,
 * src/identity/rancher.ts') talk to them, with the TLS settings and timeouts of the configured connection. `fetch` stays
 * allowed: Ollama's client, the MCP client and the CLI use it for their own endpoints.
 */
const HTTP_CLIENT_MODULES = ['node:http', 'node:https', 'http', 'https', 'undici', 'axios'];
const IDENTITY_CLIENTS = ['src/identity/kube-client.ts', 'src/identity/rancher.ts'];

const processRule = (name) => ({
  name,
  allowTypeImports: true,
  message: 'The backend starts no process; kubectl and helm run in the MCP server, behind its policy.',
});
const httpRule = (name) => ({
  name,
  allowTypeImports: true,
  // Telling an axios error from another needs no client.
  ...(name === 'axios' ? { allowImportNames: ['isAxiosError'] } : {}),
  message: `HTTP clients for the API server and Rancher live in ${IDENTITY_CLIENTS.join(' and ')} only; use fetch for other endpoints.`,
});

/** `import('node:child_process')` would slip past no-restricted-imports. */
const dynamicImportRule = (modules) => ({
  selector: `ImportExpression[source.value=/^(${modules.map((m) => m.replace(/[.:]/g, '\\$&')).join('|')})$/]`,
  message: 'Import this module statically, where the import rules can see it.',
});

const restrict = (modules) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { paths: modules.map((m) => (PROCESS_MODULES.includes(m) ? processRule(m) : httpRule(m))) },
  ],
  'no-restricted-syntax': ['error', dynamicImportRule(modules)],
});

export default defineConfig(
  { ignores: ['dist/**', 'protocol/dist/**', 'node_modules/**', 'coverage/**'] },
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
  { files: ['**/*.ts'], rules: restrict([...PROCESS_MODULES, ...HTTP_CLIENT_MODULES]) },
  { files: IDENTITY_CLIENTS, rules: restrict(PROCESS_MODULES) },
  // Tests start servers and processes (the CLI, a second MCP server) and stub the API server: no import boundary.
  { files: ['test/**'], rules: { '@typescript-eslint/no-restricted-imports': 'off', 'no-restricted-syntax': 'off' } },
);
