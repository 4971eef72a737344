// Cluster helpers for the k8s_diagnose tests: waiting for states, quiet node windows, and unmanaged nodes whose
// status a test sets itself.
import { randomBytes } from 'node:crypto';
import { applyObjects, kubectlOk, runKubectl } from '../../../tests/cluster';
import { cluster } from '../support/harness';

export const admin = (args: string[], input?: string) => kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, args, input);
export const suffix = () => randomBytes(3).toString('hex');

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export async function hasEvent(namespace: string, reason: string): Promise<boolean> {
  const out = await admin(['get', 'events', '-n', namespace, `--field-selector=reason=${reason}`, '-o', 'name']);
  return out.trim().length > 0;
}

/**
 * The kwok nodes of the test cluster post no regular heartbeat, so the node controller marks them NotReady for a
 * few seconds about once a minute (and records NodeNotReady events on their pods). A test that needs a quiet
 * minute starts right after the nodes were last heard from; on a cluster with regular heartbeats this returns at
 * once or after the wait, either way with no flap coming.
 */
export async function quietNodeWindow(freshMs = 8_000, waitMs = 70_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const nodes = JSON.parse(await admin(['get', 'nodes', '-l', 'type=kwok', '-o', 'json'])).items as {
      status: { conditions?: { type: string; lastHeartbeatTime?: string }[] };
    }[];
    const oldest = Math.min(...nodes.map((n) => Date.parse(n.status.conditions?.find((c) => c.type === 'Ready')?.lastHeartbeatTime ?? '')));
    if (Date.now() - oldest < freshMs) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export interface NodeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

/**
 * A Node kwok does not manage (kwok manages only nodes annotated kwok.x-k8s.io/node=fake), so the status set here
 * stands: the node controller only turns it Unknown after its grace period (about 50 s without a heartbeat),
 * still NotReady. Its taint keeps every pod off it. Returns a function that deletes it.
 */
export async function unmanagedNode(name: string, conditions: NodeCondition[]): Promise<() => Promise<void>> {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'drover.test/owner': 'h2' } },
      spec: { taints: [{ key: 'drover.test/h2-diagnose', effect: 'NoSchedule' }] },
    },
  ]);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const status = { conditions: conditions.map((c) => ({ ...c, lastHeartbeatTime: now, lastTransitionTime: now })) };
  await admin(['patch', 'node', name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
  return async () => {
    await runKubectl(cluster.tools.kubectl, cluster.kubeconfigPath, ['delete', 'node', name, '--wait=false']);
  };
}
