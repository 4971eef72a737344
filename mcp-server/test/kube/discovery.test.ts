// Discovery under load: one shared refresh however many calls need it, stale data served while it runs, and a
// refresh when a resource nobody knew appears (a CRD just created). The API server is replaced by a counter of
// discovery GETs here; the real aggregated discovery is read by every tool test through the gateway.
import type { DiscoveryGet } from '../../src/kube/discovery';
import { Discovery } from '../../src/kube/discovery';
import type { Identity } from '../../src/identity';

const VIEWER: Identity = { mode: 'impersonate', user: 'viewer', groups: [] };
const signal = new AbortController().signal;
const ctx = { identity: VIEWER, cluster: 'local', signal };

function aggregated(resources: { resource: string; kind: string }[], group = '') {
  return JSON.stringify({
    items: [
      {
        metadata: { name: group },
        versions: [
          {
            version: 'v1',
            resources: resources.map((r) => ({ ...r, responseKind: { kind: r.kind }, scope: 'Namespaced', verbs: ['get'] })),
          },
        ],
      },
    ],
  });
}

function server() {
  let gets = 0;
  let crd = false;
  const waiting: (() => void)[] = [];
  let held = false;
  const get: DiscoveryGet = async (_identity, path) => {
    gets++;
    if (held)
      await new Promise<void>((r) => {
        waiting.push(r);
      });
    const body =
      path === '/api'
        ? aggregated([{ resource: 'pods', kind: 'Pod' }])
        : aggregated(crd ? [{ resource: 'widgets', kind: 'Widget' }] : [], crd ? 'example.com' : 'apps');
    return { status: 200, contentType: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', body };
  };
  return {
    get,
    gets: () => gets,
    addCrd: () => {
      crd = true;
    },
    hold: () => {
      held = true;
    },
    release: () => {
      held = false;
      waiting.splice(0).forEach((r) => r());
    },
  };
}

describe('discovery', () => {
  it('serves 50 concurrent calls with one refresh', async () => {
    const api = server();
    const discovery = new Discovery(api.get);
    const all = await Promise.all(Array.from({ length: 50 }, () => discovery.resources(ctx)));
    expect(all.every((r) => r.length === 1 && r[0].kind === 'Pod')).toBe(true);
    expect(api.gets()).toBe(2); // /api and /apis, once
  });

  it('serves stale data while one background refresh runs, and the refreshed data after', async () => {
    let now = 0;
    const api = server();
    const discovery = new Discovery(api.get, () => now);
    await discovery.resources(ctx);
    now = 31_000;
    api.hold();
    const burst = await Promise.all(Array.from({ length: 50 }, () => discovery.resources(ctx)));
    expect(burst.every((r) => r.length === 1)).toBe(true); // nobody waited for the refresh
    expect(api.gets()).toBe(4); // one refresh (/api and /apis) for the whole burst
    api.addCrd();
    now = 20 * 60_000; // too stale to serve: this call joins the refresh in flight
    const joined = discovery.resources(ctx);
    api.release();
    expect((await joined).map((r) => r.kind)).toEqual(['Pod', 'Widget']);
    expect(api.gets()).toBe(4);
  });

  it('looks again when a request names a resource it does not know, at most every few seconds', async () => {
    let now = 0;
    const api = server();
    const discovery = new Discovery(api.get, () => now);
    expect(await discovery.lookup(VIEWER, 'local', 'example.com', 'widgets')).toBeUndefined();
    expect(api.gets()).toBe(2);
    api.addCrd();
    now = 1_000;
    expect(await discovery.lookup(VIEWER, 'local', 'example.com', 'widgets')).toBeUndefined(); // too soon to ask again
    now = 6_000;
    expect((await discovery.lookup(VIEWER, 'local', 'example.com', 'widgets'))?.kind).toBe('Widget');
    expect(api.gets()).toBe(4);
  });

  it('lets a cancelled call stop waiting for a refresh', async () => {
    const api = server();
    api.hold();
    const discovery = new Discovery(api.get);
    const controller = new AbortController();
    const waiting = discovery.resources({ ...ctx, signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toThrow('the call was cancelled');
    api.release();
  });

  it('says what failed when the API server refuses discovery', async () => {
    const discovery = new Discovery(async () => ({
      status: 401,
      contentType: 'application/json',
      body: '{"kind":"Status","reason":"Unauthorized","message":"Unauthorized"}',
    }));
    await expect(discovery.resources(ctx)).rejects.toThrow(
      "could not read the cluster's API discovery: Error from server (Unauthorized): Unauthorized",
    );
  });

  it('leaves out only the types of a group whose server is down, as kubectl does (legacy discovery, e.g. through Rancher)', async () => {
    const legacy = (body: object) => ({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
    const resources = (name: string, kind: string) => legacy({ resources: [{ name, kind, namespaced: true, verbs: ['get'] }] });
    const groups = ['apps', 'ext.cattle.io'].map((name) => ({ name, preferredVersion: { version: 'v1' } }));
    const discovery = new Discovery(async (_identity, path) => {
      if (path === '/api') return legacy({ versions: ['v1'] });
      if (path === '/apis') return legacy({ groups });
      if (path === '/api/v1') return resources('pods', 'Pod');
      if (path === '/apis/apps/v1') return resources('deployments', 'Deployment');
      return { status: 503, contentType: 'text/plain', body: 'service unavailable' };
    });
    expect((await discovery.resources(ctx)).map((r) => `${r.group}/${r.kind}`)).toEqual(['/Pod', 'apps/Deployment']);
  });

  it('still fails when the core group cannot be read', async () => {
    const discovery = new Discovery(async (_identity, path) =>
      path === '/api/v1'
        ? { status: 503, contentType: 'text/plain', body: 'service unavailable' }
        : { status: 200, contentType: 'application/json', body: JSON.stringify(path === '/apis' ? { groups: [] } : { versions: ['v1'] }) },
    );
    await expect(discovery.resources(ctx)).rejects.toThrow("could not read the cluster's API discovery");
  });
  it('remembers a bounded number of clusters, and nothing of a cluster that never answered (the model names clusters)', async () => {
    const api = server();
    const discovery = new Discovery(async (identity, path, accept) => {
      if (cluster.startsWith('wrong-')) return { status: 503, contentType: 'text/plain', body: 'cluster not provisioned' };
      return api.get(identity, path, accept);
    });
    let cluster = 'local';
    const ask = async (id: string) => {
      cluster = id;
      return discovery.resources({ ...ctx, cluster: id });
    };
    await ask('local');
    const afterLocal = api.gets();
    for (let i = 0; i < 100; i++) await expect(ask(`wrong-${i}`)).rejects.toThrow('cluster not provisioned');
    for (let i = 0; i < 31; i++) await ask(`c-${i}`);
    const filled = api.gets();
    await ask('local');
    expect(api.gets()).toBe(filled); // 32 clusters fit: the failed guesses took no room
    expect(filled).toBeGreaterThan(afterLocal);
    for (let i = 31; i < 40; i++) await ask(`c-${i}`);
    const beforeRecheck = api.gets();
    await ask('c-39');
    expect(api.gets()).toBe(beforeRecheck); // the most recent ones are kept
    await ask('local');
    expect(api.gets()).toBeGreaterThan(beforeRecheck); // the oldest was evicted and is read again
  });
});
