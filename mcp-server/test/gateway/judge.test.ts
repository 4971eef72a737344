// How the gateway reads a request and judges it: the request line as the API server reads it, the policy on what
// it really does, the scope the process declared, and the plan the user approved.
import { ConfigSchema, type Config } from '../../src/config';
import { judge, judgeRancherRead, type Scope } from '../../src/gateway/judge';
import { requestInfo } from '../../src/gateway/request-info';
import type { ApiResource } from '../../src/kube/discovery';
import type { KubeAction } from '../../src/policy/engine';
import { emptyPlan, type PlanRecord } from '../../src/policy/plans';

const resource = (name: string, kind: string, group = '', namespaced = true): ApiResource => ({
  name,
  kind,
  group,
  version: 'v1',
  namespaced,
  shortNames: [],
  verbs: [],
  categories: [],
});
const RESOURCES: Record<string, ApiResource> = {
  '/pods': resource('pods', 'Pod'),
  '/secrets': resource('secrets', 'Secret'),
  '/configmaps': resource('configmaps', 'ConfigMap'),
  '/namespaces': resource('namespaces', 'Namespace', '', false),
  '/nodes': resource('nodes', 'Node', '', false),
  'apps/deployments': resource('deployments', 'Deployment', 'apps'),
  'rbac.authorization.k8s.io/clusterroles': resource('clusterroles', 'ClusterRole', 'rbac.authorization.k8s.io', false),
};
const config = (mode: Config['mode'] = 'read-write'): Config => ConfigSchema.parse({ mode });
const act = (a: Partial<KubeAction>): KubeAction => ({
  verb: 'get',
  kind: 'Pod',
  group: '',
  namespace: 'shop',
  clusterScoped: false,
  ...a,
});

function verdict(scope: Partial<Scope>, method: string, url: string, body?: object) {
  const info = requestInfo(method, url, body ? Buffer.from(JSON.stringify(body)) : undefined);
  const found = info.kind === 'resource' ? RESOURCES[`${info.group}/${info.resource}`] : undefined;
  return judge({ config: config(), actions: [], confirmed: false, ...scope }, info, found);
}
const rule = (v: ReturnType<typeof verdict>) => (v.allow ? 'allowed' : v.rule);

describe('request info', () => {
  it('reads verb, group, resource, subresource, namespace and name from the request line', () => {
    expect(requestInfo('GET', '/apis/apps/v1/namespaces/shop/deployments/web/scale')).toMatchObject({
      kind: 'resource',
      verb: 'get',
      group: 'apps',
      version: 'v1',
      resource: 'deployments',
      subresource: 'scale',
      namespace: 'shop',
      name: 'web',
      dryRun: false,
    });
    expect(requestInfo('GET', '/api/v1/pods?watch=true')).toMatchObject({ verb: 'watch', resource: 'pods', namespace: undefined });
    expect(requestInfo('GET', '/api/v1/namespaces/shop/pods')).toMatchObject({ verb: 'list', namespace: 'shop' });
    expect(requestInfo('DELETE', '/api/v1/namespaces/shop/pods')).toMatchObject({ verb: 'deletecollection' });
    expect(requestInfo('PUT', '/api/v1/namespaces/shop/configmaps/a')).toMatchObject({ verb: 'update', name: 'a' });
  });

  it('takes a namespace path alone for the Namespace object', () => {
    expect(requestInfo('GET', '/api/v1/namespaces/shop')).toMatchObject({ resource: 'namespaces', name: 'shop', namespace: undefined });
  });

  it('names a created object from its body, and finds dry runs in the query and in DeleteOptions', () => {
    expect(requestInfo('POST', '/api/v1/namespaces/shop/configmaps?dryRun=All', Buffer.from('{"metadata":{"name":"a"}}'))).toMatchObject({
      verb: 'create',
      name: 'a',
      dryRun: true,
    });
    expect(requestInfo('DELETE', '/api/v1/namespaces/shop/pods/p', Buffer.from('{"dryRun":["All"]}'))).toMatchObject({
      verb: 'delete',
      dryRun: true,
    });
    expect(requestInfo('DELETE', '/api/v1/namespaces/shop/pods/p', Buffer.from('{"propagationPolicy":"Background"}'))).toMatchObject({
      dryRun: false,
    });
  });

  it('judges container streams as exec and proxies as connect, whatever the method', () => {
    expect(requestInfo('GET', '/api/v1/namespaces/shop/pods/p/exec?command=sh')).toMatchObject({ verb: 'exec' });
    expect(requestInfo('POST', '/api/v1/namespaces/shop/pods/p/attach')).toMatchObject({ verb: 'exec' });
    expect(requestInfo('GET', '/api/v1/namespaces/shop/services/web/proxy')).toMatchObject({ verb: 'connect' });
    expect(requestInfo('GET', '/api/v1/namespaces/shop/pods/p/portforward')).toMatchObject({ verb: 'connect' });
  });

  it('tells discovery from resource requests, and flags anything else', () => {
    for (const path of ['/api', '/apis', '/api/v1', '/apis/apps/v1', '/version', '/openapi/v3/apis/apps/v1']) {
      expect(requestInfo('GET', path).kind).toBe('discovery');
    }
    for (const path of ['/logs/', '/metrics', '/debug/pprof', '/api/v1/namespaces/a/pods/p/log/extra']) {
      expect(requestInfo('GET', path).kind).toBe('other');
    }
  });

  it('judges the path it forwards: dot segments are resolved first', () => {
    expect(requestInfo('GET', '/api/v1/namespaces/shop/%2e%2e/%2e%2e/secrets?limit=1')).toMatchObject({
      kind: 'resource',
      resource: 'secrets',
      namespace: undefined,
      path: '/api/v1/secrets?limit=1',
    });
  });
});

describe('gateway verdicts', () => {
  it('allows discovery and refuses paths Drover never uses', () => {
    expect(verdict({}, 'GET', '/apis')).toEqual({ allow: true });
    expect(rule(verdict({}, 'GET', '/metrics'))).toMatch(/not a Kubernetes API request Drover makes/);
    expect(rule(verdict({ actions: [act({})] }, 'GET', '/api/v1/namespaces/shop/services/web/proxy/admin'))).toMatch(/never allowed/);
  });

  it('allows reads inside the namespaces the call declared, and refuses reads elsewhere', () => {
    const scope = { actions: [act({ verb: 'list' })] };
    expect(rule(verdict(scope, 'GET', '/api/v1/namespaces/shop/pods'))).toBe('allowed');
    expect(rule(verdict(scope, 'GET', '/apis/apps/v1/namespaces/shop/deployments/web'))).toBe('allowed');
    expect(rule(verdict(scope, 'GET', '/api/v1/namespaces/billing/pods'))).toBe(
      "outside the call's scope: list Pod in namespace billing was not declared",
    );
    expect(rule(verdict(scope, 'GET', '/api/v1/pods'))).toMatch(/list Pod in all namespaces was not declared/);
    expect(rule(verdict(scope, 'GET', '/api/v1/nodes'))).toBe('allowed');
  });

  it('allows Secrets only to a call that declared them (or helm reading its own release records)', () => {
    expect(rule(verdict({ actions: [act({ verb: 'list' })] }, 'GET', '/api/v1/namespaces/shop/secrets'))).toMatch(
      /list Secret in namespace shop was not declared/,
    );
    expect(rule(verdict({ actions: [act({ kind: 'Secret', name: 'db' })] }, 'GET', '/api/v1/namespaces/shop/secrets/db'))).toBe('allowed');
    expect(rule(verdict({ actions: [act({ kind: 'Secret', name: 'db' })] }, 'GET', '/api/v1/namespaces/shop/secrets/other'))).toMatch(
      /not declared/,
    );
    const helm = { actions: [act({ kind: 'HelmRelease', group: 'helm.sh', name: 'web' })] };
    expect(rule(verdict(helm, 'GET', '/api/v1/namespaces/shop/secrets/sh.helm.release.v1.web.v3'))).toBe('allowed');
    expect(rule(verdict(helm, 'GET', '/api/v1/namespaces/billing/secrets/sh.helm.release.v1.web.v1'))).toMatch(/not declared/);
    const installing = { ...helm, actions: [act({ verb: 'create', kind: 'HelmRelease', group: 'helm.sh', name: 'web' })], confirmed: true };
    expect(rule(verdict(installing, 'POST', '/api/v1/namespaces/shop/secrets', { metadata: { name: 'sh.helm.release.v1.web.v1' } }))).toBe(
      'allowed',
    );
    expect(rule(verdict(installing, 'POST', '/api/v1/namespaces/shop/secrets', { metadata: { name: 'db' } }))).toMatch(
      /create Secret db in namespace shop was not declared/,
    );
  });

  it('allows a dry run of a declared write while planning, and nothing real until the user approved', () => {
    const scope = { actions: [act({ verb: 'patch', kind: 'Deployment', group: 'apps', name: 'web' })] };
    expect(rule(verdict(scope, 'PATCH', '/apis/apps/v1/namespaces/shop/deployments/web/scale?dryRun=All'))).toBe('allowed');
    expect(rule(verdict(scope, 'PATCH', '/apis/apps/v1/namespaces/shop/deployments/web/scale'))).toMatch(/the user has not approved/);
    expect(rule(verdict({ ...scope, confirmed: true }, 'PATCH', '/apis/apps/v1/namespaces/shop/deployments/web/scale'))).toBe('allowed');
  });

  it('refuses a write to another object, namespace or kind than the one declared', () => {
    const scope = { actions: [act({ verb: 'patch', kind: 'Deployment', group: 'apps', name: 'web' })], confirmed: true };
    expect(rule(verdict(scope, 'PATCH', '/apis/apps/v1/namespaces/shop/deployments/api'))).toMatch(
      /patch Deployment api in namespace shop was not declared/,
    );
    expect(rule(verdict(scope, 'PATCH', '/apis/apps/v1/namespaces/billing/deployments/web'))).toMatch(
      /in namespace billing was not declared/,
    );
    expect(rule(verdict(scope, 'DELETE', '/apis/apps/v1/namespaces/shop/deployments/web'))).toMatch(
      /delete Deployment web in namespace shop was not declared/,
    );
    expect(rule(verdict(scope, 'POST', '/api/v1/namespaces/shop/configmaps', { metadata: { name: 'x' } }))).toMatch(/create ConfigMap x/);
  });

  it('applies the policy to what the request does, whatever was declared', () => {
    const everything = {
      config: config('admin'),
      actions: [act({ verb: 'delete', kind: 'Namespace', namespace: undefined, name: 'shop', clusterScoped: true })],
      confirmed: true,
    };
    expect(rule(verdict(everything, 'DELETE', '/api/v1/namespaces/shop'))).toMatch(/configured never to delete Namespace/);
    const kubeSystem = { actions: [act({ verb: 'patch', namespace: 'kube-system', name: 'p' })], confirmed: true };
    expect(rule(verdict(kubeSystem, 'PATCH', '/api/v1/namespaces/kube-system/pods/p'))).toMatch(/namespace kube-system is protected/);
    expect(
      rule(
        judge(
          { config: config('read-only'), actions: [act({ verb: 'patch', name: 'p' })], confirmed: true },
          requestInfo('PATCH', '/api/v1/namespaces/shop/pods/p'),
          RESOURCES['/pods'],
        ),
      ),
    ).toMatch(/runs read-only/);
    expect(rule(verdict({ actions: [act({ verb: 'delete' })], confirmed: true }, 'DELETE', '/api/v1/namespaces/shop/pods'))).toMatch(
      /never allowed/,
    );
  });

  it('holds the real writes of an approved change to the plan', () => {
    const approved: PlanRecord = { ...emptyPlan(), writes: [{ action: act({ verb: 'patch', kind: 'ConfigMap', name: 'a' }) }] };
    const scope = { actions: [act({ verb: 'patch', kind: 'ConfigMap' })], confirmed: true, approved };
    expect(rule(verdict(scope, 'PATCH', '/api/v1/namespaces/shop/configmaps/a'))).toBe('allowed');
    expect(rule(verdict(scope, 'PATCH', '/api/v1/namespaces/shop/configmaps/b'))).toMatch(/not part of the plan the user approved/);
    expect(rule(verdict(scope, 'DELETE', '/api/v1/namespaces/shop/configmaps/a'))).toMatch(/not declared/);
  });
});

describe("reads of Rancher's own API", () => {
  const rancherUser = { mode: 'rancher' as const, user: 'u-1', token: 'token-1:x' };
  const listClusters = act({ verb: 'list', kind: 'Cluster', group: 'management.cattle.io', namespace: undefined, clusterScoped: true });
  const read = (path: string, actions = [listClusters], identity: Parameters<typeof judgeRancherRead>[0]['identity'] = rancherUser) => {
    const v = judgeRancherRead({ config: config(), actions, confirmed: false, identity }, path);
    return v.allow ? 'allowed' : v.rule;
  };

  it('allows Steve reads that declare read actions, as the Rancher user', () => {
    expect(read('/v1/management.cattle.io.clusters')).toBe('allowed');
    expect(read('/v1/management.cattle.io.projects/c-m-1?limit=50')).toBe('allowed');
    expect(read('/v1/management.cattle.io.clusters/local')).toBe('allowed');
  });

  it('refuses them outside Rancher mode, off Steve paths, for Secrets, and for undeclared or written actions', () => {
    expect(read('/v1/management.cattle.io.clusters', [listClusters], { mode: 'impersonate', user: 'u', groups: [] })).toMatch(
      /only in Rancher identity mode/,
    );
    for (const path of ['/v3/clusters', '/v1/a/b/c/d', '/k8s/clusters/local/v1/namespaces', '/v1/../v3/tokens', '/v1/Clusters'])
      expect(read(path)).toMatch(/not a Rancher API read Drover makes/);
    expect(read('/v1/secrets/cattle-system')).toMatch(/Secrets are never read/);
    expect(read('/v1/namespaces', [act({ verb: 'list', kind: 'Secret' })])).toMatch(/Secrets are never read/);
    expect(read('/v1/management.cattle.io.clusters', [])).toMatch(/must declare read actions only/);
    expect(read('/v1/management.cattle.io.clusters', [act({ verb: 'delete', kind: 'Cluster' })])).toMatch(/must declare read actions only/);
  });
});
