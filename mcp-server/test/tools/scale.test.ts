// k8s_scale of StatefulSets: the plan names the pods that go and what happens to their claims; the change is then
// checked with the admin's kubectl.
import type { PlanView } from '@drover/protocol';
import { connect, EDITOR, textOf, type Connected } from '../support/harness';
import { admin, adminGet, editableNamespace, planThenRun } from './write-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = 'h4-scale';

/** A StatefulSet whose pods each get a claim per template (they stay Pending: no provisioner binds the claims). */
function statefulSet(name: string, replicas: number, templates: string[], extra: Record<string, unknown> = {}): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      serviceName: name,
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: 'nginx:1.27', volumeMounts: templates.map((t) => ({ name: t, mountPath: `/${t}` })) }] },
      },
      volumeClaimTemplates: templates.map((t) => ({
        metadata: { name: t },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      })),
      ...extra,
    },
  };
}

const waitFor = (condition: string, objects: string[]) => admin(['wait', '-n', NS, `--for=${condition}`, '--timeout=60s', ...objects]);
const warningsOf = (res: any) => (res.structuredContent as PlanView).warnings;
let mcp: Connected;

beforeAll(async () => {
  // Every run starts from the full set of pods and claims.
  await admin(['delete', 'statefulsets,persistentvolumeclaims', '--all', '-n', NS, '--ignore-not-found', '--wait']);
  await editableNamespace(NS, [
    statefulSet('web', 5, ['data']),
    statefulSet('cache', 3, ['data', 'logs'], { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Retain' } }),
    statefulSet('ordered', 3, ['data'], { podManagementPolicy: 'OrderedReady' }),
  ]);
  await waitFor('create', [
    ...[0, 1, 2, 3, 4].flatMap((i) => [`pod/web-${i}`, `pvc/data-web-${i}`]),
    ...[0, 1, 2].flatMap((i) => [`pod/cache-${i}`, `pvc/data-cache-${i}`, `pvc/logs-cache-${i}`]),
    'pod/ordered-0',
    'pvc/data-ordered-0',
  ]);
  mcp = await connect({ identity: EDITOR, plans: true });
});
afterAll(() => mcp.close());

describe('k8s_scale of a StatefulSet', () => {
  it('names the pods that go, highest ordinal first, and the claims that stay with their data', async () => {
    const up = await mcp.call('k8s_scale', { kind: 'statefulset', name: 'web', namespace: NS, replicas: 6 });
    expect(warningsOf(up).filter((w) => w.startsWith('StatefulSet web'))).toEqual([]);

    const { plan, done } = await planThenRun(mcp, 'k8s_scale', { kind: 'statefulset', name: 'web', namespace: NS, replicas: 3 });
    expect(warningsOf(plan)).toEqual([
      'StatefulSet web: pods web-4, web-3 are deleted (all at once)',
      'StatefulSet web: claims data-web-4, data-web-3 are kept with their data (persistentVolumeClaimRetentionPolicy.whenScaled is Retain); scaling up again reuses them',
    ]);
    expect(textOf(plan)).toContain('- StatefulSet web: pods web-4, web-3 are deleted');
    expect(done.isError).toBeFalsy();

    await waitFor('delete', ['pod/web-4', 'pod/web-3']);
    expect(await adminGet(['pod', 'web-2', '-n', NS])).toBeDefined();
    for (const claim of ['data-web-4', 'data-web-3'])
      expect((await adminGet(['pvc', claim, '-n', NS]))?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('says the claims are deleted with their pods when whenScaled is Delete', async () => {
    const { plan, done } = await planThenRun(mcp, 'k8s_scale', { kind: 'statefulset', name: 'cache', namespace: NS, replicas: 1 });
    expect(warningsOf(plan)).toEqual([
      'StatefulSet cache: pods cache-2, cache-1 are deleted (all at once)',
      'StatefulSet cache: claims data-cache-2, logs-cache-2, data-cache-1, logs-cache-1 are deleted with their pods, and their data with them ' +
        '(persistentVolumeClaimRetentionPolicy.whenScaled is Delete)',
    ]);
    expect(done.isError).toBeFalsy();

    await waitFor('delete', ['pod/cache-2', 'pod/cache-1', 'pvc/data-cache-2', 'pvc/logs-cache-2', 'pvc/data-cache-1', 'pvc/logs-cache-1']);
    expect(await adminGet(['pvc', 'data-cache-0', '-n', NS])).toBeDefined();
  });

  it('names only the pods and claims that exist', async () => {
    // OrderedReady waits for ordered-0 to be ready, which it never is: ordered-1 and ordered-2 were never made.
    expect(await adminGet(['pod', 'ordered-1', '-n', NS])).toBeUndefined();
    expect(await adminGet(['pvc', 'data-ordered-1', '-n', NS])).toBeUndefined();
    const plan = await mcp.call('k8s_scale', { kind: 'statefulset', name: 'ordered', namespace: NS, replicas: 0 });
    expect(warningsOf(plan)).toContain('StatefulSet ordered: pod ordered-0 is deleted (one at a time, highest ordinal first)');
    expect(warningsOf(plan)).toContain(
      'StatefulSet ordered: claim data-ordered-0 is kept with its data (persistentVolumeClaimRetentionPolicy.whenScaled is Retain); scaling up again reuses it',
    );
  });
});
