// /readyz: kubectl and helm run, and the cluster (or Rancher) answers. Uses the server's own identity only.
import { run } from './exec/run';
import type { Runtime } from './runtime';

const CHECK_TIMEOUT_MS = 5_000;

export interface Readiness {
  ready: boolean;
  checks: Record<string, string>;
}

async function runs(file: string, args: string[], env: Record<string, string> = { PATH: '/usr/bin:/bin' }): Promise<string> {
  const res = await run({ file, args, env, timeoutMs: CHECK_TIMEOUT_MS, maxStdoutBytes: 64 * 1024 });
  if (res.exitCode !== 0) throw new Error((res.stderr || res.stdout).trim().split('\n')[0] || `exit ${res.exitCode}`);
  return res.stdout.trim();
}

export async function checkReadiness(rt: Runtime): Promise<Readiness> {
  const checks: Record<string, string> = {};
  const attempt = async (name: string, fn: () => Promise<string>) => {
    try {
      checks[name] = `ok: ${await fn()}`;
    } catch (err) {
      checks[name] = `failed: ${(err as Error).message}`;
    }
  };
  await Promise.all([
    attempt('kubectl', () =>
      runs(rt.binaries.kubectl, ['version', '--client', '--output=yaml']).then((o) => o.match(/gitVersion: (\S+)/)?.[1] ?? 'present'),
    ),
    attempt('helm', () => runs(rt.binaries.helm, ['version', '--short'], { PATH: '/usr/bin:/bin', HOME: '/tmp' })),
    attempt('cluster', () => rt.gateway.probe(CHECK_TIMEOUT_MS)),
  ]);
  return { ready: Object.values(checks).every((c) => c.startsWith('ok')), checks };
}
