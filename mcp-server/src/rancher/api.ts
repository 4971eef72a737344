// Reads of Rancher's own API (Steve's /v1) as the Rancher user, with that user's token: Rancher answers with what
// the user may see (a plain Kubernetes list of its CRDs would be refused to most users). Through the gateway like
// every other request (judged, audited, the token never leaves it), with the same deadline, byte cap and cancellation
// as the server's Kubernetes reads.
import { ToolError } from '../errors';
import { recordedGet } from '../kube/api';
import type { KubeAction } from '../policy/engine';
import { maskError } from '../policy/redact';
import type { ToolContext } from '../runtime';

export interface RancherRead {
  /** rancher: Rancher's own objects (clusters, projects); cluster: the call's cluster, through Rancher's proxy. */
  at: 'rancher' | 'cluster';
  /** A Steve path, /v1/<type>[/<namespace>[/<name>]]. */
  path: string;
  actions: KubeAction[];
}

/** Steve's and Kubernetes' error bodies both carry a message (Steve adds a code, Kubernetes a reason). */
function errorText(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: string; code?: string; reason?: string };
    if (parsed.message) return `${parsed.code || parsed.reason || status}: ${parsed.message}`;
  } catch {
    // not JSON
  }
  return `${status}: ${body.trim().slice(0, 300) || 'no message'}`;
}

/** One Steve object, or a collection (`data` holds its items). */
export async function rancherGet<T>(ctx: ToolContext, read: RancherRead): Promise<T> {
  const shown = read.at === 'cluster' ? `/k8s/clusters/${ctx.cluster}${read.path}` : read.path;
  const cap = ctx.rt.config.limits.maxOutputBytes;
  const response = await recordedGet(
    ctx,
    { shown, actions: read.actions, cap },
    { name: 'Rancher', slowHint: 'try again' },
    (grant, timing) => ctx.rt.gateway.rancherGet(grant, { ...timing, at: read.at, path: read.path, accept: 'application/json' }),
  );
  if (response.truncated) throw new ToolError(`Rancher's answer to GET ${shown} is larger than ${Math.round(cap / 1048576)} MiB`);
  if (response.status === 401) throw new ToolError("Rancher did not accept the user's session (401); sign in to Rancher again");
  if (response.status < 200 || response.status > 299) {
    throw new ToolError(maskError(`Rancher refused GET ${shown} (${errorText(response.status, response.body)})`));
  }
  try {
    return JSON.parse(response.body) as T;
  } catch {
    throw new ToolError(`Rancher's answer to GET ${shown} is not JSON`);
  }
}

/** The items of a Steve collection. */
export async function rancherList<T>(ctx: ToolContext, read: RancherRead): Promise<T[]> {
  return (await rancherGet<{ data?: T[] }>(ctx, read)).data ?? [];
}
