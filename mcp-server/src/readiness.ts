// /readyz: kubectl and helm run, and the cluster (or Rancher) answers. Uses the server's own identity only.
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { withPrivateDir } from './exec/private-dir';
import { run } from './exec/run';
import { writeCallKubeconfig } from './kube/kubeconfig';
import type { Runtime } from './runtime';

const CHECK_TIMEOUT_MS = 5_000;

export interface Readiness { ready: boolean; checks: Record<string, string> }

async function runs(file: string, args: string[], env: Record<string, string> = { PATH: '/usr/bin:/bin' }): Promise<string> {
  const res = await run({ file, args, env, timeoutMs: CHECK_TIMEOUT_MS, maxStdoutBytes: 64 * 1024 });
  if (res.exitCode !== 0) throw new Error((res.stderr || res.stdout).trim().split('\n')[0] || `exit ${res.exitCode}`);
  return res.stdout.trim();
}

function rancherAnswers(rt: Runtime): Promise<string> {
  const url = new URL('/healthz', rt.config.identity.rancherUrl);
  const ca = rt.config.identity.rancherCaFile ? readFileSync(rt.config.identity.rancherCaFile) : undefined;
  const send = url.protocol === 'https:' ? request : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'GET', timeout: CHECK_TIMEOUT_MS, ...(ca ? { ca } : {}) }, (res) => {
      res.resume();
      if (res.statusCode && res.statusCode < 500) resolve(`Rancher answered ${res.statusCode}`);
      else reject(new Error(`Rancher answered ${res.statusCode}`));
    });
    req.on('timeout', () => req.destroy(new Error('Rancher did not answer in time')));
    req.on('error', reject);
    req.end();
  });
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
    attempt('kubectl', () => runs(rt.binaries.kubectl, ['version', '--client', '--output=yaml']).then((o) => o.match(/gitVersion: (\S+)/)?.[1] ?? 'present')),
    attempt('helm', () => runs(rt.binaries.helm, ['version', '--short'], { PATH: '/usr/bin:/bin', HOME: '/tmp' })),
    attempt('cluster', () => (rt.config.identity.mode === 'rancher' ? rancherAnswers(rt)
      : withPrivateDir((dir) => runs(rt.binaries.kubectl, [
        `--kubeconfig=${writeCallKubeconfig(dir, rt.config, { mode: 'kubeconfig' }, rt.base)}`, '--request-timeout=5s', 'get', '--raw=/readyz',
      ], { PATH: '/usr/bin:/bin', HOME: dir })))),
  ]);
  return { ready: Object.values(checks).every((c) => c.startsWith('ok')), checks };
}
