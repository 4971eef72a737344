// Serving a kwok Pod's IP from this machine. The API server dials Pod IPs (the service proxy, and aggregated APIs
// with --enable-aggregator-routing); kwok Pods have an IP but nothing behind it. Adding that IP to the loopback
// interface lets a process here listen on it, so a Service selecting the Pod reaches that process. Needs root
// (CAP_NET_ADMIN), like the `ip` command it runs.
import { spawnSync } from 'node:child_process';
import { kubectlOk } from '../cluster/kubectl';
import { sleep } from '../cluster/processes';
import type { ClusterInfo } from '../cluster/state';

const POD_READY_MS = 60_000;

function ip(args: string[]): { ok: boolean; message: string } {
  const res = spawnSync('ip', args, { encoding: 'utf8' });
  return { ok: res.status === 0, message: (res.error?.message ?? res.stderr ?? '').trim() };
}

export interface PodAddress {
  ip: string;
  release(): void;
}

/** Adds `address` to lo (an address already there, e.g. left by a killed run, is reused). */
export function claimAddress(address: string): PodAddress {
  const added = ip(['addr', 'add', `${address}/32`, 'dev', 'lo']);
  if (!added.ok && !/File exists/.test(added.message)) {
    throw new Error(`could not serve Pod IP ${address} on this machine (ip addr add ${address}/32 dev lo: ${added.message}); `
      + 'this needs root, as the real-Rancher tests do');
  }
  return { ip: address, release: () => void ip(['addr', 'del', `${address}/32`, 'dev', 'lo']) };
}

/** Waits until kwok has started the Pod (it has an IP and is Ready), then claims its IP. */
export async function servePodAddress(cluster: Pick<ClusterInfo, 'kubeconfigPath' | 'tools'>, namespace: string, pod: string): Promise<PodAddress> {
  const deadline = Date.now() + POD_READY_MS;
  for (;;) {
    const status = JSON.parse(await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['get', 'pod', pod, '-n', namespace, '-o', 'json'])).status;
    const ready = (status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
    if (status?.podIP && ready) return claimAddress(status.podIP);
    if (Date.now() > deadline) throw new Error(`Pod ${namespace}/${pod} got no IP or was not Ready within ${POD_READY_MS / 1000} s`);
    await sleep(250);
  }
}
