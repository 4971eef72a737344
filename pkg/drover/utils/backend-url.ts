// The browser reaches the backend through Kubernetes' service proxy on Rancher's local cluster, with the user's
// Rancher session: same origin, so no extra hostname, no CORS, and Rancher authenticates every request. Which
// Service that is, the chart says in the extension's own UIPlugin (`spec.plugin.endpoint`, which is
// `http://<service>.<namespace>.svc:<port>/extension`), and Rancher lists every installed extension's entry at
// GET /v1/uiplugins for any logged-in user. An extension loaded another way (a developer's, the browser test page)
// has no entry there: it uses the chart's defaults.
import { z } from 'zod';
import { BACKEND_NAMESPACE, BACKEND_PORT, BACKEND_SERVICE, PRODUCT } from '../config/constants';

export interface BackendService {
  namespace: string;
  name: string;
  port: number;
}

export const DEFAULT_BACKEND: BackendService = {
  namespace: BACKEND_NAMESPACE, name: BACKEND_SERVICE, port: BACKEND_PORT
};

/** Rancher's index of UI extensions (its SafeIndex: entries by name); each entry is checked on its own. */
export const PLUGIN_INDEX_PATH = '/v1/uiplugins';
const PluginIndexSchema = z.object({ entries: z.record(z.string(), z.unknown()) });
/** The fields of an entry (Rancher's UIPluginEntry) Drover reads. */
const PluginEntrySchema = z.object({ name: z.string(), endpoint: z.string().max(2048) });
/** How long the index may take before the defaults are used. */
const INDEX_TIMEOUT_MS = 10_000;

/** An in-cluster Service's host name; both labels are then checked as Kubernetes names (RFC 1123 labels). */
const SERVICE_HOST = /^([^.]+)\.([^.]+)\.svc(?:\.cluster\.local)?$/;
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** The Service of an in-cluster `http://<service>.<namespace>.svc[.cluster.local][:port]/…` URL; anything else, none. */
export function serviceOfEndpoint(endpoint: string): BackendService | undefined {
  let url: URL;

  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  const [, name = '', namespace = ''] = SERVICE_HOST.exec(url.hostname) ?? [];
  const port = url.port ? Number(url.port) : 80;

  if (url.protocol !== 'http:' || url.username || url.password || !DNS_LABEL.test(name) || !DNS_LABEL.test(namespace) || port < 1) return undefined;

  return {
    namespace, name, port
  };
}

/** The Service of the extension's own entry in Rancher's UI extension index, if the index has a usable one. */
export function serviceOfIndex(index: unknown, plugin = PRODUCT): BackendService | undefined {
  const parsed = PluginIndexSchema.safeParse(index);

  if (!parsed.success || !Object.hasOwn(parsed.data.entries, plugin)) return undefined;
  const entry = PluginEntrySchema.safeParse(parsed.data.entries[plugin]);

  return entry.success && entry.data.name === plugin ? serviceOfEndpoint(entry.data.endpoint) : undefined;
}

let resolving: Promise<BackendService> | undefined;

/** The backend's Service, asked of Rancher once per page load: the chart's defaults when Rancher does not say. */
export function resolveBackendService(fetchImpl: typeof fetch = (...args) => fetch(...args)): Promise<BackendService> {
  resolving ??= new Promise<unknown>((resolve) => {
    const timer = setTimeout(resolve, INDEX_TIMEOUT_MS);

    fetchImpl(PLUGIN_INDEX_PATH, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : undefined))
      .catch(() => undefined)
      .then((index) => {
        clearTimeout(timer);
        resolve(index);
      });
  }).then((index) => serviceOfIndex(index) ?? DEFAULT_BACKEND);

  return resolving;
}

/** Forgets the resolved Service (tests: a new page load). */
export function forgetBackendService(): void {
  resolving = undefined;
}

export function backendPath(path: string, service: BackendService = DEFAULT_BACKEND): string {
  const clean = path.replace(/^\/+/, '');

  return `/api/v1/namespaces/${ service.namespace }/services/http:${ service.name }:${ service.port }/proxy/${ clean }`;
}

/** The WebSocket URL for the chat, on the page's own host (wss when the page is https). */
export function backendSocketUrl(location: Pick<Location, 'protocol' | 'host'>, path = 'ws', service: BackendService = DEFAULT_BACKEND): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';

  return `${ scheme }//${ location.host }${ backendPath(path, service) }`;
}
