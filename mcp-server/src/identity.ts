// Who a call acts for. It comes only from the authenticated channel: HTTP headers set by the trusted backend
// (after the shared bearer token was checked), or the configuration for stdio. Never from tool arguments.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from './config';
import { ToolError } from './errors';

export type Identity =
  /** Standalone: the server's own credentials, impersonating the user the backend authenticated. */
  | { mode: 'impersonate'; user: string; groups: string[] }
  /**
   * Rancher: the user's own Rancher token, through Rancher's /k8s/clusters/<cluster> proxy. `cluster` is the one the UI
   * shows (X-Drover-Cluster) until a call names its own (onCluster); absent when neither does.
   */
  | { mode: 'rancher'; user: string; token: string; cluster?: string }
  /** stdio on a desktop: whoever the configured kubeconfig is. */
  | { mode: 'kubeconfig' };

export const IDENTITY_HEADERS = {
  user: 'x-drover-user',
  groups: 'x-drover-groups',
  rancherToken: 'x-drover-rancher-token',
  cluster: 'x-drover-cluster',
} as const;

const MAX_NAME = 256;
// Printable, no separators that could split a header list or a kubeconfig field.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const PRINCIPAL = /^[^\s,"\\\u0000-\u001f\u007f]+$/;
/**
 * A Rancher cluster id (local, c-m-abc12), from the header or a call's `cluster` argument: a DNS-1123 label, as it also
 * names the namespace of the cluster's projects (an id with a dot, "a..b" say, can only be a wasted request to Rancher).
 */
export const CLUSTER_ID = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export class IdentityError extends Error {}

/** What identity is read from: Node's merged headers, and the raw list as it came (repeats not yet joined). */
export interface IdentityRequest {
  headers: IncomingHttpHeaders;
  /** Names and values alternating, as node:http's IncomingMessage.rawHeaders. */
  rawHeaders: string[];
}

/**
 * Node joins a repeated header into one value ("viewer-group, system:masters"), or keeps only the first Authorization,
 * so a repeat would pass as one value: every X-Drover-* header and Authorization must come at most once.
 */
function refuseRepeats(rawHeaders: string[]): void {
  const seen = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (name !== 'authorization' && !name.startsWith('x-drover-')) continue;
    if (seen.has(name)) throw new IdentityError(`header ${name} must appear once, and it came more than once`);
    seen.add(name);
  }
}

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (Array.isArray(value)) throw new IdentityError(`header ${name} must appear once, and it came more than once`);
  return value?.trim() || undefined;
}

function principal(value: string | undefined, what: string): string {
  if (!value) throw new IdentityError(`missing ${what}`);
  if (value.length > MAX_NAME || !PRINCIPAL.test(value)) throw new IdentityError(`invalid ${what}`);
  return value;
}

export function identityFromHeaders(config: Config, request: IdentityRequest): Identity {
  refuseRepeats(request.rawHeaders);
  const { headers } = request;
  // One fixed user (a developer's own kubeconfig, on loopback only): there is nobody else to act for.
  if (config.identity.mode === 'kubeconfig') return { mode: 'kubeconfig' };
  const user = principal(single(headers, IDENTITY_HEADERS.user), `user (${IDENTITY_HEADERS.user})`);
  if (config.identity.mode === 'rancher') {
    const token = single(headers, IDENTITY_HEADERS.rancherToken);
    if (!token || token.length > 4096 || !/^[\x21-\x7e]+$/.test(token))
      throw new IdentityError(`missing or invalid ${IDENTITY_HEADERS.rancherToken}`);
    // No header, no cluster: a call then names its own, or fails saying so (onCluster); never a guessed default.
    const cluster = single(headers, IDENTITY_HEADERS.cluster);
    if (cluster !== undefined && !CLUSTER_ID.test(cluster)) throw new IdentityError(`invalid cluster id (${IDENTITY_HEADERS.cluster})`);
    return { mode: 'rancher', user, token, ...(cluster ? { cluster } : {}) };
  }
  const groups = (single(headers, IDENTITY_HEADERS.groups) ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean)
    .map((g) => principal(g, `group (${IDENTITY_HEADERS.groups})`));
  return { mode: 'impersonate', user, groups };
}

export function identityForStdio(config: Config): Identity {
  if (config.identity.mode !== 'kubeconfig') {
    throw new IdentityError('stdio has no authenticated user to act for: use identity mode "kubeconfig"');
  }
  return { mode: 'kubeconfig' };
}

/**
 * The identity one call acts as: in Rancher mode on the cluster the call names, else on the one the UI shows; a call
 * that names none where none is shown fails, telling the model what to pass.
 */
export function onCluster(identity: Identity, cluster: string | undefined): Identity {
  if (identity.mode !== 'rancher') return identity;
  const chosen = cluster ?? identity.cluster;
  if (!chosen) throw new ToolError('No cluster is selected: pass `cluster` (a Rancher cluster id; rancher_clusters lists yours).');
  return { ...identity, cluster: chosen };
}

/** For logs and the audit trail: who, never a credential. */
export function describeIdentity(identity: Identity): { user: string; cluster: string; groups?: string[] } {
  switch (identity.mode) {
    case 'impersonate':
      return { user: identity.user, cluster: 'in-cluster', groups: identity.groups };
    case 'rancher':
      return { user: identity.user, cluster: identity.cluster ?? '(none)' };
    case 'kubeconfig':
      return { user: '(kubeconfig user)', cluster: 'kubeconfig' };
  }
}

/** A stable key for binding plans to one principal (hashes the Rancher token rather than holding it). */
export function identityKey(identity: Identity): string {
  const parts =
    identity.mode === 'rancher'
      ? [identity.mode, identity.user, identity.cluster ?? '', createHash('sha256').update(identity.token).digest('hex')]
      : identity.mode === 'impersonate'
        ? [identity.mode, identity.user, ...[...identity.groups].sort()]
        : [identity.mode];
  return parts.join('\u0000');
}
