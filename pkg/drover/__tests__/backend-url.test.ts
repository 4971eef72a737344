import {
  backendPath, backendSocketUrl, DEFAULT_BACKEND, forgetBackendService, resolveBackendService, serviceOfEndpoint, serviceOfIndex
} from '../utils/backend-url';

/** Rancher's GET /v1/uiplugins as v2.15 marshals its SafeIndex: entries by name, UIPluginEntry fields plus the cache's. */
const rancherIndex = (entries: Record<string, unknown>) => ({ entries });
const droverEntry = (endpoint: string, extra: Record<string, unknown> = {}) => ({
  name:       'drover',
  version:    '0.1.0',
  endpoint,
  noCache:    false,
  metadata:   { 'catalog.cattle.io/display-name': 'Drover' },
  CacheState: 'cached',
  Ready:      true,
  ...extra,
});
const CHART_ENDPOINT = 'http://drover-backend.drover.svc:9000/extension';
const CHART_SERVICE = {
  namespace: 'drover', name: 'drover-backend', port: 9000
};

describe('backend URLs through the Kubernetes service proxy', () => {
  it('builds the proxy path of the chart\'s default Service (drover in cattle-system) when none is given', () => {
    expect(backendPath('/api/sessions')).toBe('/api/v1/namespaces/cattle-system/services/http:drover:8055/proxy/api/sessions');
  });

  it('builds the proxy path of the Service it is given', () => {
    expect(backendPath('api/sessions', CHART_SERVICE)).toBe('/api/v1/namespaces/drover/services/http:drover-backend:9000/proxy/api/sessions');
  });

  it('uses wss on an https page and the page\'s own host', () => {
    expect(backendSocketUrl({ protocol: 'https:', host: 'rancher.example.com' }))
      .toBe('wss://rancher.example.com/api/v1/namespaces/cattle-system/services/http:drover:8055/proxy/ws');
    expect(backendSocketUrl({ protocol: 'https:', host: 'rancher.example.com' }, 'ws', CHART_SERVICE))
      .toBe('wss://rancher.example.com/api/v1/namespaces/drover/services/http:drover-backend:9000/proxy/ws');
  });

  it('uses ws on a plain http page', () => {
    expect(backendSocketUrl({ protocol: 'http:', host: '127.0.0.1:8005' }, 'ws')).toMatch(/^ws:\/\/127\.0\.0\.1:8005\//);
  });
});

describe('the Service of a UIPlugin endpoint', () => {
  it.each([
    [CHART_ENDPOINT, CHART_SERVICE],
    ['http://drover-backend.cattle-system.svc.cluster.local:8055/extension', {
      namespace: 'cattle-system', name: 'drover-backend', port: 8055
    }],
    ['http://drover-backend.cattle-system.svc/extension', {
      namespace: 'cattle-system', name: 'drover-backend', port: 80
    }],
    ['http://Drover-Backend.Tools.SVC:8055/', {
      namespace: 'tools', name: 'drover-backend', port: 8055
    }],
  ])('reads %s as an in-cluster Service', (endpoint, service) => {
    expect(serviceOfEndpoint(endpoint)).toEqual(service);
  });

  it.each([
    ['https, which the service proxy path would not name', 'https://drover-backend.drover.svc:9000/extension'],
    ['a host outside the cluster', 'http://drover.example.com:9000/extension'],
    ['a cluster-looking name under another domain', 'http://drover-backend.drover.svc.example.com/extension'],
    ['a name without its namespace', 'http://drover-backend.svc:9000/'],
    ['a name with one label too many', 'http://a.drover-backend.drover.svc:9000/'],
    ['credentials hiding the real host', 'http://drover-backend.drover.svc:9000@evil.example.com/extension'],
    ['credentials before the Service', 'http://user:pass@drover-backend.drover.svc:9000/extension'],
    ['a label that is no Kubernetes name', 'http://drover_backend.drover.svc:9000/'],
    ['a label that starts with a dash', 'http://-drover.drover.svc:9000/'],
    ['a label longer than 63 characters', `http://${ 'a'.repeat(64) }.drover.svc:9000/`],
    ['port 0', 'http://drover-backend.drover.svc:0/'],
    ['an IP address', 'http://10.43.0.12:9000/extension'],
    ['no URL at all', 'drover-backend.drover.svc:9000'],
    ['an empty string', ''],
    ['a script URL', 'javascript:alert(1)'],
  ])('ignores %s', (_why, endpoint) => {
    expect(serviceOfEndpoint(endpoint)).toBeUndefined();
  });
});

describe('the extension\'s own entry in Rancher\'s UI extension index', () => {
  it('finds the drover entry among others and reads its endpoint', () => {
    const index = rancherIndex({
      elemental: {
        name: 'elemental', version: '3.0.0', endpoint: 'https://charts.example.com/elemental'
      },
      drover: droverEntry(CHART_ENDPOINT),
    });

    expect(serviceOfIndex(index)).toEqual(CHART_SERVICE);
  });

  it('uses the drover entry even when another entry is malformed', () => {
    expect(serviceOfIndex(rancherIndex({
      broken: 42, other: { endpoint: ['x'] }, drover: droverEntry(CHART_ENDPOINT)
    }))).toEqual(CHART_SERVICE);
  });

  it.each([
    ['no entries (Rancher leaves the field out when none is installed)', {}],
    ['no drover entry (a developer-loaded extension)', rancherIndex({ elemental: { name: 'elemental', endpoint: CHART_ENDPOINT } })],
    ['a null entry', rancherIndex({ drover: null })],
    ['an entry without an endpoint', rancherIndex({ drover: { name: 'drover', version: '0.1.0' } })],
    ['an endpoint that is not a string', rancherIndex({ drover: droverEntry(CHART_ENDPOINT, { endpoint: { host: 'x' } }) })],
    ['an entry named otherwise than its key', rancherIndex({ drover: droverEntry(CHART_ENDPOINT, { name: 'not-drover' }) })],
    ['an endpoint outside the cluster', rancherIndex({ drover: droverEntry('https://evil.example.com/extension') })],
    ['an endpoint of absurd length', rancherIndex({ drover: droverEntry(`http://drover-backend.drover.svc:9000/${ 'x'.repeat(5000) }`) })],
    ['entries as a list', { entries: [droverEntry(CHART_ENDPOINT)] }],
    ['entries as a string', { entries: 'drover' }],
    ['a drover entry only on the prototype', { entries: Object.create({ drover: droverEntry(CHART_ENDPOINT) }) }],
    ['an HTML page', '<!DOCTYPE html><html></html>'],
    ['null', null],
    ['nothing', undefined],
  ])('finds none in %s', (_why, index) => {
    expect(serviceOfIndex(index)).toBeUndefined();
  });
});

describe('resolving the backend\'s Service once per page load', () => {
  const answering = (respond: () => Promise<Response>) => jest.fn((..._args: Parameters<typeof fetch>) => respond());
  const json = (body: unknown, status = 200) => () => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));

  beforeEach(() => forgetBackendService());
  afterEach(() => jest.useRealTimers());

  it('asks Rancher\'s index at /v1/uiplugins with the page\'s session, and uses what the chart put there', async() => {
    const fetchImpl = answering(json(rancherIndex({ drover: droverEntry(CHART_ENDPOINT) })));

    await expect(resolveBackendService(fetchImpl)).resolves.toEqual(CHART_SERVICE);
    expect(fetchImpl).toHaveBeenCalledWith('/v1/uiplugins', expect.objectContaining({ credentials: 'same-origin' }));
  });

  it('asks only once, however many requests wait for it, until the page loads again', async() => {
    const fetchImpl = answering(json(rancherIndex({ drover: droverEntry(CHART_ENDPOINT) })));
    const first = resolveBackendService(fetchImpl);

    expect(resolveBackendService(fetchImpl)).toBe(first);
    await Promise.all([first, resolveBackendService(fetchImpl)]);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    forgetBackendService();
    await resolveBackendService(fetchImpl);
    expect(fetchImpl).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['Rancher lists no drover entry', json(rancherIndex({}))],
    ['the page is not Rancher\'s (404)', json({ message: 'not found' }, 404)],
    ['the answer is not JSON', () => Promise.resolve(new Response('<html></html>', { status: 200 }))],
    ['the request fails', () => Promise.reject(new TypeError('Failed to fetch'))],
  ])('falls back to the chart\'s defaults when %s', async(_why, respond) => {
    await expect(resolveBackendService(answering(respond))).resolves.toEqual(DEFAULT_BACKEND);
  });

  it('falls back to the defaults when the index does not answer in time', async() => {
    jest.useFakeTimers();
    const resolved = resolveBackendService(answering(() => new Promise<Response>(() => undefined)));

    jest.advanceTimersByTime(10_000);
    await expect(resolved).resolves.toEqual(DEFAULT_BACKEND);
  });
});
