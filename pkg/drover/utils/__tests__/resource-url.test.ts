import { resourcePath, steveType } from '../resource-url';

describe('links into Rancher\'s cluster explorer', () => {
  it('names core types by kind and others by group and kind, as the dashboard does', () => {
    expect(steveType({ apiVersion: 'v1', kind: 'Pod' })).toBe('pod');
    expect(steveType({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe('apps.deployment');
    expect(steveType({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' })).toBe('networking.k8s.io.ingress');
    expect(steveType({ kind: 'Service' })).toBe('service');
  });

  it('links to a namespaced object on its own cluster, and to a cluster-wide one without a namespace', () => {
    expect(resourcePath({
      cluster: 'c-m-1', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web'
    }, 'local'))
      .toBe('/c/c-m-1/explorer/apps.deployment/shop/web');
    expect(resourcePath({
      apiVersion: 'v1', kind: 'Node', name: 'kwok-node-0'
    }, 'local')).toBe('/c/local/explorer/node/kwok-node-0');
  });

  it('opens Rancher\'s YAML editor for edits, and escapes what it puts in the path', () => {
    expect(resourcePath({
      kind: 'ConfigMap', namespace: 'shop', name: 'a b'
    }, 'local', 'edit')).toBe('/c/local/explorer/configmap/shop/a%20b?mode=edit&as=yaml');
  });

  it('finds the group of a common kind named without its apiVersion, which a core type of that name would not be', () => {
    expect(steveType({ kind: 'Deployment' })).toBe('apps.deployment');
    expect(steveType({ kind: 'CronJob' })).toBe('batch.cronjob');
    expect(resourcePath({
      kind: 'Ingress', namespace: 'shop', name: 'web'
    }, 'local')).toBe('/c/local/explorer/networking.k8s.io.ingress/shop/web');
    expect(steveType({ kind: 'Widget' })).toBe('widget');
  });

  it('links a Helm release to its installed App in the Apps product, on the release\'s cluster', () => {
    expect(resourcePath({
      cluster: 'c-m-2', kind: 'HelmRelease', namespace: 'shop', name: 'storefront'
    }, 'local')).toBe('/c/c-m-2/apps/catalog.cattle.io.app/shop/storefront');
  });
});
