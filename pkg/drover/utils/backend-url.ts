// The browser reaches the backend through Kubernetes' service proxy on Rancher's local cluster, with the user's
// Rancher session: same origin, so no extra hostname, no CORS, and Rancher authenticates every request.
import { BACKEND_NAMESPACE, BACKEND_PORT, BACKEND_SERVICE } from '../config/constants';

export function backendPath(path: string): string {
  const clean = path.replace(/^\/+/, '');

  return `/api/v1/namespaces/${ BACKEND_NAMESPACE }/services/http:${ BACKEND_SERVICE }:${ BACKEND_PORT }/proxy/${ clean }`;
}

/** The WebSocket URL for the chat, on the page's own host (wss when the page is https). */
export function backendSocketUrl(location: Pick<Location, 'protocol' | 'host'>, path = 'ws'): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';

  return `${ scheme }//${ location.host }${ backendPath(path) }`;
}
