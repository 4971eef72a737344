// Runs every test suite of the repository against one shared local control plane and prints, as its very last
// line, "N passed, N failed" summed over all suites (CI reads only that line). Each check (type check, build, lint,
// format check) counts as one test, and prints what failed (ESLint: file, line and rule; Prettier: the files).
//   test-all.ts [suite...]   run only the named suites (see SUITES)
//   DROVER_KEEP_CLUSTER=1    leave the cluster running afterwards (for a post-mortem)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CLUSTER_STATE_ENV } from '../tests/cluster/state';
import { startTestGround, type TestGround } from '../tests/cluster/test-ground';

const ROOT = resolve(__dirname, '..');

interface Check {
  name: string;
  argv: string[];
  /** Shown with the failure in the summary: how to fix it. */
  hint?: string;
}

interface Suite {
  name: string;
  dir: string;
  /** Commands that must succeed before the tests (each counts as one test). */
  checks: Check[];
  jest: boolean;
  /** A jest config other than the folder's jest.config.js. */
  jestConfig?: string;
}

const typecheck: Check = { name: 'typecheck', argv: ['npm', 'run', '--silent', 'typecheck'] };
const build: Check = { name: 'build', argv: ['npm', 'run', '--silent', 'build'] };
// The Node services' own guardrails (eslint.config.mjs, .prettierrc.json in each): the import boundaries the code
// relies on (child_process only in the exec module, HTTP to the API server only in the gateway or identity client)
// with typescript-eslint's recommended rules, and Prettier's formatting with its line-length limit.
const lint: Check = { name: 'lint', argv: ['npm', 'run', '--silent', 'lint'] };
const format: Check = { name: 'format', argv: ['npm', 'run', '--silent', 'format:check'], hint: '`npm run format` in the package rewrites the files listed' };

const SUITES: Suite[] = [
  // First, so the UI bundle exists before the main-job tests start the chat page (a webpack build running beside
  // the other suites' clusters and services starves them). build-pkg type-checks the extension's .ts files and
  // writes the UMD bundle that the UI tests load; vue-tsc checks the .vue files too; the lint is Rancher's own rules
  // for extensions, with no warning allowed.
  { name: 'ui', dir: '.', jest: true, checks: [
    { name: 'build-pkg', argv: ['npm', 'run', '--silent', 'build-pkg', 'drover'] },
    { name: 'vue-tsc', argv: ['npm', 'run', '--silent', 'typecheck:ui'] },
    { name: 'lint', argv: ['npm', 'run', '--silent', 'lint:ui'] },
  ] },
  { name: 'tests', dir: 'tests', checks: [typecheck, { name: 'bench typecheck', argv: ['npx', 'tsc', '--noEmit', '-p', '../bench'] }], jest: true },
  { name: 'mcp-server', dir: 'mcp-server', checks: [typecheck, build, lint, format], jest: true },
  { name: 'extension-backend', dir: 'extension-backend', checks: [typecheck, build, lint, format], jest: true },
  // Last: the browser tests load what the suites above built (the UI bundle, the backend, the MCP server).
  { name: 'browser', dir: 'tests', checks: [], jest: true, jestConfig: 'jest.browser.config.js' },
];

interface Tally { passed: number; failed: number; failures: string[] }

function runJest(suite: Suite, outDir: string, env: NodeJS.ProcessEnv, tally: Tally): void {
  const report = join(outDir, `${suite.name}.json`);
  const config = suite.jestConfig ? ['--config', suite.jestConfig] : [];
  const res = spawnSync('npx', ['jest', ...config, '--ci', '--json', `--outputFile=${report}`], {
    cwd: join(ROOT, suite.dir), env, stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (!existsSync(report)) {
    tally.failed += 1;
    tally.failures.push(`${suite.name}: jest did not run (exit ${res.status})`);
    return;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  tally.passed += r.numPassedTests;
  tally.failed += r.numFailedTests;
  for (const file of r.testResults) {
    for (const t of file.assertionResults) {
      if (t.status === 'failed') tally.failures.push(`${suite.name}: ${t.fullName}`);
    }
    // A file that fails to load (syntax, types, a throwing beforeAll) reports no test results: count it once.
    if (file.status === 'failed' && file.assertionResults.every((t: { status: string }) => t.status !== 'failed')) {
      tally.failed += 1;
      tally.failures.push(`${suite.name}: ${file.name.replace(`${ROOT}/`, '')} failed to run: ${(file.message ?? '').split('\n')[0]}`);
    }
  }
  // Jest also exits non-zero when no tests ran or a global setup failed.
  if (res.status !== 0 && r.numFailedTests === 0 && r.numRuntimeErrorTestSuites === 0 && r.numFailedTestSuites === 0) {
    tally.failed += 1;
    tally.failures.push(`${suite.name}: jest exited ${res.status}`);
  }
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown suite(s): ${unknown.join(', ')} (known: ${SUITES.map((s) => s.name).join(', ')})`);
  const suites = SUITES.filter((s) => (only.length ? only.includes(s.name) : true) && existsSync(join(ROOT, s.dir, 'package.json')));
  const tally: Tally = { passed: 0, failed: 0, failures: [] };
  const outDir = mkdtempSync(join(tmpdir(), 'drover-test-results-'));
  let ground: TestGround | undefined;
  try {
    console.log('== starting the local control plane and a real Rancher Manager on it (shared by every suite)');
    ground = await startTestGround();
    const { cluster, rancher } = ground;
    console.log(`   cluster ready in ${cluster.startSeconds.toFixed(1)} s at ${cluster.server}`);
    console.log(`   Rancher v${rancher.version} ready in ${rancher.startSeconds.toFixed(1)} s at ${rancher.url}`);
    const env = { ...process.env, [CLUSTER_STATE_ENV]: ground.statePath, CI: process.env.CI ?? 'true' };
    for (const suite of suites) {
      for (const check of suite.checks) {
        console.log(`== ${suite.name}: ${check.name}`);
        const res = spawnSync(check.argv[0], check.argv.slice(1), { cwd: join(ROOT, suite.dir), env, stdio: ['ignore', 'inherit', 'inherit'] });
        if (res.status === 0) tally.passed += 1;
        else {
          tally.failed += 1;
          tally.failures.push(`${suite.name}: ${check.name} failed (exit ${res.status})${check.hint ? `: ${check.hint}` : ''}`);
        }
      }
      if (suite.jest) {
        console.log(`== ${suite.name}: jest`);
        runJest(suite, outDir, env, tally);
      }
    }
  } catch (err) {
    tally.failed += 1;
    tally.failures.push(`set-up: ${(err as Error).message}`);
  } finally {
    // DROVER_KEEP_CLUSTER=1 leaves the cluster running for a post-mortem of failed tests.
    if (ground && process.env.DROVER_KEEP_CLUSTER === '1') console.log(`cluster kept: export KUBECONFIG=${ground.cluster.kubeconfigPath}`);
    else await ground?.stop();
    rmSync(outDir, { recursive: true, force: true });
  }
  if (tally.failures.length) console.log(`\nFailures:\n${tally.failures.map((f) => `  - ${f}`).join('\n')}`);
  console.log(`${tally.passed} passed, ${tally.failed} failed`);
  if (ground && process.env.DROVER_KEEP_CLUSTER === '1') {
    // The components are this process's children: it stays until Ctrl-C, then stops them.
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    await ground.stop();
  }
  return tally.failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (err: Error) => {
  console.error(err.message);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
