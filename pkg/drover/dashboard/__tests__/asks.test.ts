// What each dashboard type is asked: the table of types, the objects as Drover names them, and the prompts.
import { t } from '../../__tests__/support/chat';
import { ASKS, WHY_FAILING, diagnosisCommands, logsCommand } from '../asks';
import { DROVER_TYPES, targetOf, type DashboardResource } from '../resource-types';

const object = (type: string, kind: string, name: string, namespace?: string, apiVersion?: string): DashboardResource => ({
  type, kind, apiVersion, metadata: { name, namespace }
});
const target = (resource: DashboardResource, cluster = 'local') => {
  const found = targetOf(resource, cluster);

  if (!found) throw new Error(`no target for ${ resource.type }`);

  return found;
};
const ask = (id: string) => ASKS.find((a) => a.id === id)!;

describe('the dashboard types Drover knows', () => {
  it('covers the types of the issue, each once', () => {
    expect(DROVER_TYPES.map((d) => d.type)).toEqual([
      'pod', 'apps.deployment', 'apps.statefulset', 'apps.daemonset', 'batch.job', 'batch.cronjob', 'service', 'networking.k8s.io.ingress',
      'persistentvolumeclaim', 'node', 'catalog.cattle.io.app',
    ]);
  });

  it('names an object by its kind, apiVersion, name and namespace on the cluster being viewed', () => {
    expect(target(object('apps.deployment', 'Deployment', 'web', 'shop', 'apps/v1'), 'c-m-1').ref).toEqual({
      cluster: 'c-m-1', apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop'
    });
  });

  it('gives a node no namespace, and names a Helm App as the release it is', () => {
    expect(target(object('node', 'Node', 'worker-1', undefined, 'v1')).ref).toEqual({
      cluster: 'local', apiVersion: 'v1', kind: 'Node', name: 'worker-1'
    });
    expect(target(object('catalog.cattle.io.app', 'App', 'storefront', 'shop', 'catalog.cattle.io/v1')).ref).toEqual({
      cluster: 'local', kind: 'HelmRelease', name: 'storefront', namespace: 'shop'
    });
  });

  it('has nothing for other types or objects without a name', () => {
    expect(targetOf(object('configmap', 'ConfigMap', 'settings', 'shop'), 'local')).toBeUndefined();
    expect(targetOf({ type: 'pod', metadata: {} }, 'local')).toBeUndefined();
    expect(targetOf(undefined, 'local')).toBeUndefined();
  });
});

describe('the diagnosis commands', () => {
  it.each([
    [object('pod', 'Pod', 'web-1', 'shop'), ['/diagnose shop', '/describe pod/web-1 -n shop']],
    [object('apps.deployment', 'Deployment', 'web', 'shop'), ['/diagnose shop', '/describe deployment/web -n shop']],
    [object('batch.cronjob', 'CronJob', 'nightly', 'shop'), ['/diagnose shop', '/describe cronjob/nightly -n shop']],
    [object('persistentvolumeclaim', 'PersistentVolumeClaim', 'data', 'shop'), ['/diagnose shop', '/describe pvc/data -n shop']],
    [object('networking.k8s.io.ingress', 'Ingress', 'web', 'shop'), ['/describe ingress/web -n shop']],
    [object('node', 'Node', 'worker-1'), ['/describe node/worker-1']],
    [object('catalog.cattle.io.app', 'App', 'storefront', 'shop'), ['/helm status storefront -n shop', '/diagnose shop']],
  ])('diagnose %o with %o', (resource, commands) => {
    expect(diagnosisCommands(target(resource))).toEqual(commands);
  });

  it('reads the logs of a pod by name and of a workload by kind and name', () => {
    expect(logsCommand(target(object('pod', 'Pod', 'web-1', 'shop')))).toBe('/logs web-1 -n shop');
    expect(logsCommand(target(object('apps.statefulset', 'StatefulSet', 'db', 'shop')))).toBe('/logs statefulset/db -n shop');
  });
});

describe('the asks', () => {
  const deployment = target(object('apps.deployment', 'Deployment', 'web', 'shop', 'apps/v1'));

  it('asks why an object fails with its first diagnosis command, sent at once with the object attached', () => {
    expect(WHY_FAILING.request(deployment, t)).toEqual({
      prompt: '/diagnose shop', context: { resources: [deployment.ref] }, autoSubmit: true
    });
  });

  it('asks the model to explain an object, naming it and its namespace', () => {
    expect(ask('explain').request(deployment, t)).toEqual({
      prompt:     'Explain Deployment web in namespace shop: what it does, how it is set up, and whether anything about it looks wrong.',
      context:    { resources: [deployment.ref] },
      autoSubmit: true,
    });
    expect(ask('explain').request(target(object('node', 'Node', 'worker-1')), t).prompt)
      .toBe('Explain Node worker-1: what it does, how it is set up, and whether anything about it looks wrong.');
  });

  it('shows logs of workloads and pods only', () => {
    const withLogs = DROVER_TYPES.filter((d) => ask('logs').appliesTo(d)).map((d) => d.type);

    expect(withLogs).toEqual(['pod', 'apps.deployment', 'apps.statefulset', 'apps.daemonset', 'batch.job']);
    expect(ask('logs').request(deployment, t)).toEqual({
      prompt: '/logs deployment/web -n shop', context: { resources: [deployment.ref] }, autoSubmit: true
    });
  });
});
