// npm start — the main job. Uses your cluster when KUBECONFIG is set; otherwise starts the local control plane
// (or reuses one from `npm run cluster:up`) with the demo shop seeded. Then starts Drover's services against it,
// prints what runs and how to reach it, and stays in the foreground until Ctrl-C, stopping whatever it started.
//   npm start -- [--no-seed] [--nodes N] [--pods N]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseClusterOptions } from '../tests/cluster/cli';
import { describeCluster, LOCAL_CLUSTER_DIR, runningLocalCluster, startLocalCluster } from '../tests/cluster/local';
import { ensureBuilt, startService } from './services';
import { toolPaths } from './versions';

const STATE_DIR = resolve(LOCAL_CLUSTER_DIR, '..');

/** The user's own settings for a service (e.g. DROVER_MCP_PROTECTED_NAMESPACES), passed through unchanged. */
function settings(prefix: string): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith(prefix)));
}

interface Running {
  summary: string;
  /** How the MCP server reaches the cluster. */
  mcpArgs: string[];
  /** Who a client may act as (headers), or undefined when the server acts as the kubeconfig's own user. */
  users?: string;
  stop: () => Promise<void>;
}

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
    stop: async () => undefined,
  };
}

async function useLocalCluster(args: string[]): Promise<Running> {
  const existing = runningLocalCluster();
  const users = 'viewer | editor | drover-admin (with X-Drover-Groups: system:masters)';
  if (existing) {
    return {
      summary: `${describeCluster(existing)}\n  (started earlier by npm run cluster:up; left running on exit)`,
      mcpArgs: ['--identity-mode=impersonate', `--kubeconfig=${existing.users.mcp.kubeconfigPath}`], users, stop: async () => undefined,
    };
  }
  console.log('Starting the local Kubernetes control plane…');
  const { cluster, info } = await startLocalCluster(parseClusterOptions(args));
  return {
    summary: describeCluster(info), users, stop: () => cluster.stop(),
    mcpArgs: ['--identity-mode=impersonate', `--kubeconfig=${info.users.mcp.kubeconfigPath}`],
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const kubeconfig = process.env.KUBECONFIG;
  const running = kubeconfig ? useOwnCluster(kubeconfig) : await useLocalCluster(args);
  const stops = [running.stop];
  try {
    mkdirSync(join(STATE_DIR, 'logs'), { recursive: true, mode: 0o700 });
    ensureBuilt('mcp-server', 'dist/main.js', ['mcp-server/src', 'extension-backend/protocol/src']);
    const token = randomBytes(24).toString('hex');
    const tokenFile = join(STATE_DIR, 'mcp-token');
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    const tools = toolPaths();
    const mode = process.env.DROVER_MCP_MODE ?? (kubeconfig ? 'read-only' : 'read-write');
    const mcpLog = join(STATE_DIR, 'logs', 'mcp-server.log');
    const mcp = await startService('the MCP server', 'mcp-server/dist/main.js', [
      `--port=${process.env.DROVER_MCP_PORT ?? '3000'}`, `--mode=${mode}`, ...running.mcpArgs,
      `--kubectl=${tools.kubectl}`, `--helm=${tools.helm}`, `--audit-file=${join(STATE_DIR, 'logs', 'mcp-audit.log')}`,
    ], { ...settings('DROVER_MCP_'), PATH: process.env.PATH, HOME: process.env.HOME, DROVER_MCP_AUTH_TOKEN: token }, 'drover-mcp listening', mcpLog);
    stops.unshift(mcp.stop);
    const who = running.users ? `\n    X-Drover-User: ${running.users}` : '\n    (acts as your kubeconfig\'s own user)';
    console.log([
      '', 'Drover main job is running.', running.summary,
      `MCP server (${mode}): http://127.0.0.1:${mcp.port}/mcp`,
      `    Authorization: Bearer ${token}   (also in ${tokenFile})${who}`,
      '    Try it with MCP Inspector: npx @modelcontextprotocol/inspector (Streamable HTTP, the URL and headers above)',
      `    Logs: ${mcpLog}; audit: ${join(STATE_DIR, 'logs', 'mcp-audit.log')}`,
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
