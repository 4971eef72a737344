// What one HTTP request to the Kubernetes API really is — the same reading the API server makes of it (its
// RequestInfoFactory): verb from the method, the name and `watch`; group, version, resource, subresource,
// namespace and name from the path; dry run from the query or, for deletes, from the DeleteOptions body.
import type { Verb } from '../policy/engine';
import { jsonBody, nameInBody } from './object-name';

export type RequestVerb = Verb | 'deletecollection' | 'connect';

export interface ResourceRequest {
  kind: 'resource';
  method: string;
  verb: RequestVerb;
  dryRun: boolean;
  group: string;
  version: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  /** From the path, or from the body of a create. */
  name?: string;
  /** Path and query, normalised: what is forwarded. */
  path: string;
}

/** Discovery, OpenAPI and /version: what every client reads before it does anything. */
export interface DiscoveryRequest {
  kind: 'discovery';
  method: string;
  path: string;
}

export interface OtherRequest {
  kind: 'other';
  method: string;
  path: string;
}

export type RequestInfo = ResourceRequest | DiscoveryRequest | OtherRequest;

const SEGMENT = /^[A-Za-z0-9._~:@%-]+$/;
const DISCOVERY = /^\/(version|api|apis|openapi\/v2|openapi\/v3(\/.*)?|api\/v1|apis\/[a-z0-9.-]+(\/[a-z0-9]+)?)\/?$/;
/** Subresources that open a stream into a container or a node: judged as exec, or refused outright. */
const CONTAINER_STREAMS = new Set(['exec', 'attach']);

function truthy(value: string | null): boolean {
  return value === 'true' || value === '1';
}

function verbOf(method: string, hasName: boolean, watch: boolean, subresource: string | undefined): RequestVerb {
  if (subresource && CONTAINER_STREAMS.has(subresource)) return 'exec';
  if (subresource === 'proxy' || subresource === 'portforward') return 'connect';
  switch (method) {
    case 'GET':
    case 'HEAD':
      return watch ? 'watch' : hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return 'connect';
  }
}

/** Reads a request line. `body` is the buffered body of a write (a create names its object there). */
export function requestInfo(method: string, url: string, body?: Buffer): RequestInfo {
  // The URL parser resolves dot segments (also %2e%2e): what is judged here is exactly what goes upstream.
  const parsed = new URL(url, 'http://gateway');
  const path = `${parsed.pathname}${parsed.search}`;
  if ((method === 'GET' || method === 'HEAD') && DISCOVERY.test(parsed.pathname)) return { kind: 'discovery', method, path };
  const parts = parsed.pathname
    .split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  if (parts.some((p) => !SEGMENT.test(encodeURIComponent(p)) || p === '.' || p === '..')) return { kind: 'other', method, path };
  let rest: string[];
  let group: string;
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    rest = parts.slice(2);
  } else {
    return { kind: 'other', method, path };
  }
  const [version, ...tail] = rest;
  let namespace: string | undefined;
  // /namespaces/<ns>/<resource>… is namespaced; /namespaces/<ns> alone is the Namespace object itself.
  if (tail[0] === 'namespaces' && tail.length >= 3) {
    namespace = tail[1];
    tail.splice(0, 2);
  }
  const [resource, name, subresource, ...extra] = tail;
  if (!resource || (extra.length && subresource !== 'proxy')) return { kind: 'other', method, path };
  const query = parsed.searchParams;
  const verb = verbOf(method, Boolean(name), truthy(query.get('watch')), subresource);
  let dryRun = query.getAll('dryRun').includes('All');
  let createdName: string | undefined;
  if (body?.length && verb === 'create') createdName = nameInBody(body);
  if (body?.length && (verb === 'delete' || verb === 'deletecollection')) {
    const options = jsonBody(body);
    dryRun ||= Array.isArray(options?.dryRun) && options.dryRun.includes('All');
  }
  return { kind: 'resource', method, verb, dryRun, group, version, resource, subresource, namespace, name: name ?? createdName, path };
}
