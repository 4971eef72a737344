// npm start — the main job. Uses your cluster when KUBECONFIG is set; otherwise starts the local control plane
// (or reuses one from `npm run cluster:up`) with the demo shop seeded. Then starts Drover's services against it (the
// MCP server, and the backend with its chat API and chat page), prints the page's address, who can sign in and
// whether a model is connected, and stays in the foreground until Ctrl-C, stopping whatever it started.
//   npm start -- [--no-seed] [--nodes N] [--pods N]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseClusterOptions } from '../tests/cluster/cli';
import { describeCluster, LOCAL_CLUSTER_DIR, runningLocalCluster, startLocalCluster } from '../tests/cluster/local';
import type { ClusterInfo } from '../tests/cluster/state';
import type { Models } from '../extension-backend/protocol/src/http-api';
import { ensureBuilt, ensureUiBundle, startBackend, startMcpServer } from './services';
import { toolPaths } from './versions';

const STATE_DIR = resolve(LOCAL_CLUSTER_DIR, '..');

/** The user's own settings for a service (e.g. DROVER_MCP_PROTECTED_NAMESPACES), passed through unchanged. */
function settings(prefix: string): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith(prefix)));
}

/** A demo sign-in: a backend token and the Kubernetes user (and groups) it acts as. */
interface DemoUser {
  token: string;
  name: string;
  groups: string[];
}

interface Running {
  summary: string;
  /** How the MCP server reaches the cluster. */
  mcpArgs: string[];
  /** Who a client may act as (headers), or undefined when the server acts as the kubeconfig's own user. */
  users?: string;
  /** Who may sign in to the backend (the static token file it gets). */
  demoUsers: DemoUser[];
  stop: () => Promise<void>;
}

const demoToken = () => randomBytes(18).toString('base64url');

function useOwnCluster(kubeconfig: string): Running {
  const res = spawnSync('kubectl', ['version', '-o', 'json', '--request-timeout=10s'], { encoding: 'utf8', env: process.env });
  if (res.status !== 0) {
    throw new Error(`KUBECONFIG=${kubeconfig} is set, but its cluster does not answer:\n${res.stderr.trim()}\n`
      + 'Fix the kubeconfig, or unset KUBECONFIG to use the local control plane.');
  }
  const server = JSON.parse(res.stdout).serverVersion?.gitVersion ?? 'unknown version';
  const context = spawnSync('kubectl', ['config', 'current-context'], { encoding: 'utf8', env: process.env }).stdout.trim();
  return {
    summary: `Your cluster: context "${context}" (Kubernetes ${server}) from KUBECONFIG=${kubeconfig}`,
    mcpArgs: ['--identity-mode=kubeconfig', `--kubeconfig=${kubeconfig}`],
    // The MCP server acts as the kubeconfig's own user, whoever signs in: one sign-in for you.
    demoUsers: [{ token: demoToken(), name: 'you', groups: [] }],
    stop: async () => undefined,
  };
}

/** Sign-ins for the local cluster's users: the backend acts as them through the MCP server's impersonation. */
function localDemoUsers(info: ClusterInfo): DemoUser[] {
  return [
    { token: demoToken(), name: info.users.viewer.name, groups: [] },
    { token: demoToken(), name: info.users.editor.name, groups: [] },
    { token: demoToken(), name: info.users.admin.name, groups: ['system:masters'] },
  ];
}

async function useLocalCluster(args: string[]): Promise<Running> {
  const existing = runningLocalCluster();
  const users = 'viewer | editor | drover-admin (with X-Drover-Groups: system:masters)';
  if (existing) {
    return {
      summary: `${describeCluster(existing)}\n  (started earlier by npm run cluster:up; left running on exit)`,
      mcpArgs: ['--identity-mode=impersonate', `--kubeconfig=${existing.users.mcp.kubeconfigPath}`], users,
      demoUsers: localDemoUsers(existing), stop: async () => undefined,
    };
  }
  console.log('Starting the local Kubernetes control plane…');
  const { cluster, info } = await startLocalCluster(parseClusterOptions(args));
  return {
    summary: describeCluster(info), users, demoUsers: localDemoUsers(info), stop: () => cluster.stop(),
    mcpArgs: ['--identity-mode=impersonate', `--kubeconfig=${info.users.mcp.kubeconfigPath}`],
  };
}

/** What the backend says about the model: connected, missing, or no Ollama at all (then /commands still work). */
async function modelStatus(backendUrl: string, token: string): Promise<string> {
  const models = await (await fetch(`${backendUrl}/api/models`, { headers: { Authorization: `Bearer ${token}` } })).json() as Models;
  const primary = models.configured[0].name;
  const directly = `Without a model, messages starting with / run commands directly, e.g. npm run drover -- ask "/get pods -n shop"`;
  if (!models.reachable) {
    return [`No model is connected: Ollama does not answer at ${models.url}.`, `    ${directly}`,
      `    To add one: install Ollama (https://ollama.com/download), run \`ollama pull ${primary}\`, then restart with`,
      '    DROVER_OLLAMA_URL=<its URL> (default http://127.0.0.1:11434) and DROVER_MODEL=<model>.'].join('\n');
  }
  const missing = models.configured.filter((m) => !m.installed).map((m) => m.name);
  if (missing.length === models.configured.length) {
    return [`Ollama answers at ${models.url}, but has none of the configured models (${missing.join(', ')}).`,
      `    Run \`ollama pull ${primary}\` there, or set DROVER_PULL_MISSING=true. ${directly}`].join('\n');
  }
  return `Model: ${models.configured.find((m) => m.installed)!.name} via Ollama at ${models.url}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const kubeconfig = process.env.KUBECONFIG;
  const running = kubeconfig ? useOwnCluster(kubeconfig) : await useLocalCluster(args);
  const stops = [running.stop];
  try {
    mkdirSync(join(STATE_DIR, 'logs'), { recursive: true, mode: 0o700 });
    ensureBuilt('mcp-server', 'dist/main.js', ['mcp-server/src', 'extension-backend/protocol/src']);
    ensureBuilt('extension-backend', 'dist/main.js', ['extension-backend/src', 'extension-backend/protocol/src']);
    const uiBundle = ensureUiBundle();
    const token = randomBytes(24).toString('hex');
    const tokenFile = join(STATE_DIR, 'mcp-token');
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    const tools = toolPaths();
    const mode = process.env.DROVER_MCP_MODE ?? (kubeconfig ? 'read-only' : 'read-write');
    const logs = join(STATE_DIR, 'logs');
    const mcp = await startMcpServer([
      `--port=${process.env.DROVER_MCP_PORT ?? '3000'}`, `--mode=${mode}`, ...running.mcpArgs,
      `--kubectl=${tools.kubectl}`, `--helm=${tools.helm}`, `--audit-file=${join(logs, 'mcp-audit.log')}`,
    ], { ...settings('DROVER_MCP_'), PATH: process.env.PATH, HOME: process.env.HOME, DROVER_MCP_AUTH_TOKEN: token }, join(logs, 'mcp-server.log'));
    stops.unshift(mcp.stop);

    const staticTokens = join(STATE_DIR, 'backend-tokens.csv');
    writeFileSync(staticTokens, running.demoUsers.map((u) => `${u.token},${u.name},${u.name},"${u.groups.join(',')}"`).join('\n') + '\n', { mode: 0o600 });
    const backend = await startBackend({
      ...settings('DROVER_'), PATH: process.env.PATH, HOME: process.env.HOME,
      DROVER_PORT: process.env.DROVER_PORT ?? '8055', DROVER_MCP_URL: `http://127.0.0.1:${mcp.port}/mcp`, DROVER_MCP_AUTH_TOKEN: token,
      DROVER_AUTH_MODE: 'standalone', DROVER_STATIC_TOKENS_FILE: staticTokens, DROVER_TOKEN_REVIEW: 'false',
      DROVER_DB_PATH: process.env.DROVER_DB_PATH ?? join(STATE_DIR, 'backend.db'), DROVER_UI_BUNDLE_DIR: uiBundle,
    }, join(logs, 'backend.log'));
    stops.unshift(backend.stop);
    const backendUrl = `http://127.0.0.1:${backend.port}`;

    const who = running.users ? `\n    X-Drover-User: ${running.users}` : '\n    (acts as your kubeconfig\'s own user)';
    const signIns = running.demoUsers.map((u) => `    ${u.name.padEnd(14)} ${u.token}`).join('\n');
    console.log([
      '', 'Drover main job is running.',
      `Chat in your browser: ${backendUrl}/   (sign in with a token below; the page says how)`,
      running.summary,
      `MCP server (${mode}): http://127.0.0.1:${mcp.port}/mcp`,
      `    Authorization: Bearer ${token}   (also in ${tokenFile})${who}`,
      '    Try it with MCP Inspector: npx @modelcontextprotocol/inspector (Streamable HTTP, the URL and headers above)',
      `Backend (chat API): ${backendUrl}   WebSocket ${backendUrl.replace('http', 'ws')}/ws`,
      `    Sign in (chat page, CLI or API) with one of these tokens (in ${staticTokens}):`, signIns,
      `    Ask from the terminal: DROVER_URL=${backendUrl} DROVER_TOKEN=${running.demoUsers[0].token} npm run drover -- chat`,
      await modelStatus(backendUrl, running.demoUsers[0].token),
      `Logs: ${logs} (mcp-server.log, mcp-audit.log, backend.log)`,
      '', 'Press Ctrl-C to stop.',
    ].join('\n'));
  } catch (err) {
    for (const stop of stops) await stop();
    throw err;
  }
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    void (async () => {
      for (const stop of stops) await stop();
      process.exit(0);
    })();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  setInterval(() => undefined, 1 << 30);
}

main().catch((err: Error) => {
  console.error(`drover: ${err.message}`);
  process.exit(1);
});
