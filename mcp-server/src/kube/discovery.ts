// Which resources the cluster serves (any kind, CRDs included), from the API server's aggregated discovery (two
// GETs through the gateway), cached per cluster. A stale cache is served while one shared refresh runs in the
// background, so a burst of calls never waits for, or starts, more than one refresh. Resolves what a user or
// model calls a kind ("po", "pods", "Deployment", "deploy", "certificates.cert-manager.io") to the API resource.
import { CallCancelled, ToolError } from '../errors';
import { apiErrorText } from './api';
import type { Identity } from '../identity';
import type { ToolContext } from '../runtime';

/** Younger than this: served as is. Older: served while one refresh runs. */
const FRESH_MS = 30_000;
/** Older than this (or missing): callers wait for the refresh. */
const MAX_STALE_MS = 10 * 60_000;
/** A resource nobody has heard of triggers a refresh at most this often (a CRD created a moment ago). */
const MISS_REFRESH_MS = 5_000;
/** Clusters remembered at once: the model names clusters (Rancher mode), so the cache must not grow with its guesses. */
const MAX_CLUSTERS = 32;

const AGGREGATED =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

/** A GET of a discovery path as this identity (the gateway's). */
export type DiscoveryGet = (
  identity: Identity,
  path: string,
  accept: string,
) => Promise<{ status: number; contentType: string; body: string }>;

export interface ApiResource {
  /** Plural resource name, e.g. "deployments". */
  name: string;
  shortNames: string[];
  group: string;
  version: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  categories: string[];
}

/** kubectl's resource argument: "deployments.apps", "pods", "logs.kwok.x-k8s.io". */
export function resourceArg(r: ApiResource): string {
  return r.group ? `${r.name}.${r.group}` : r.name;
}

export function apiVersionOf(r: ApiResource): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** The REST path of a collection (or of one object when `name` is given). */
export function restPath(r: ApiResource, namespace?: string, name?: string): string {
  const root = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${root}${ns}/${r.name}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

interface Entry {
  at: number;
  resources: ApiResource[];
  byPath: Map<string, ApiResource>;
  refreshing?: Promise<Entry>;
}

interface GroupDiscovery {
  metadata?: { name?: string };
  versions?: {
    version: string;
    resources?: {
      resource: string;
      responseKind?: { kind?: string };
      scope?: string;
      shortNames?: string[];
      verbs?: string[];
      categories?: string[];
    }[];
  }[];
}

interface LegacyResource {
  name: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  verbs?: string[];
  categories?: string[];
}

export class Discovery {
  private readonly byCluster = new Map<string, Entry>();

  constructor(
    private readonly get: DiscoveryGet,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every resource type; a cancelled call stops waiting (the shared refresh goes on for the others). */
  async resources(ctx: Pick<ToolContext, 'identity' | 'cluster' | 'signal'>): Promise<ApiResource[]> {
    const cancelled = new Promise<never>((_, reject) => {
      const onAbort = () => reject(new CallCancelled('the call was cancelled'));
      if (ctx.signal.aborted) onAbort();
      else ctx.signal.addEventListener('abort', onAbort, { once: true });
    });
    cancelled.catch(() => undefined);
    return (await Promise.race([this.entry(ctx.identity, ctx.cluster), cancelled])).resources;
  }

  /** The resource a request path names ("apps", "deployments"), refreshing once if the cluster may have just added it. */
  async lookup(identity: Identity, cluster: string, group: string, resource: string): Promise<ApiResource | undefined> {
    const entry = await this.entry(identity, cluster);
    const found = entry.byPath.get(`${group}/${resource}`);
    if (found || this.now() - entry.at < MISS_REFRESH_MS) return found;
    return (await this.refresh(identity, cluster)).byPath.get(`${group}/${resource}`);
  }

  /** Forgets what the cluster served (a CRD was just created): the next call reads discovery again. */
  forget(cluster: string): void {
    const cached = this.byCluster.get(cluster);
    if (cached) cached.at = -Infinity;
  }

  private async entry(identity: Identity, cluster: string): Promise<Entry> {
    const cached = this.byCluster.get(cluster);
    const age = cached ? this.now() - cached.at : Infinity;
    if (cached && age < FRESH_MS) return cached;
    if (cached && age < MAX_STALE_MS) {
      void this.refresh(identity, cluster).catch(() => undefined); // the next call sees it; this one is not held up
      return cached;
    }
    return this.refresh(identity, cluster);
  }

  /** One refresh per cluster at a time, shared by every caller that needs it. */
  private refresh(identity: Identity, cluster: string): Promise<Entry> {
    const current = this.byCluster.get(cluster);
    if (current?.refreshing) return current.refreshing;
    const refreshing = this.fetch(identity)
      .then((resources) => {
        const entry: Entry = { at: this.now(), resources, byPath: new Map(resources.map((r) => [`${r.group}/${r.name}`, r])) };
        this.byCluster.delete(cluster); // re-inserted last: the least recently refreshed cluster is evicted first
        this.byCluster.set(cluster, entry);
        for (const oldest of this.byCluster.keys()) {
          if (this.byCluster.size <= MAX_CLUSTERS) break;
          this.byCluster.delete(oldest);
        }
        return entry;
      })
      .catch((err: unknown) => {
        // A cluster that never answered (a wrong id) leaves nothing behind.
        if (this.byCluster.get(cluster)?.at === -Infinity && this.byCluster.get(cluster)?.refreshing === refreshing)
          this.byCluster.delete(cluster);
        throw err;
      })
      .finally(() => {
        const latest = this.byCluster.get(cluster);
        if (latest?.refreshing === refreshing) delete latest.refreshing;
      });
    if (current) current.refreshing = refreshing;
    else this.byCluster.set(cluster, { at: -Infinity, resources: [], byPath: new Map(), refreshing });
    return refreshing;
  }

  private async fetch(identity: Identity): Promise<ApiResource[]> {
    const json = async <T>(path: string, accept = 'application/json'): Promise<{ doc: T; aggregated: boolean }> => {
      const res = await this.get(identity, path, accept).catch((err: Error) => {
        throw new ToolError(`could not read the cluster's API discovery: ${err.message}`);
      });
      if (res.status !== 200) throw new ToolError(`could not read the cluster's API discovery: ${apiErrorText(res)}`);
      return { doc: JSON.parse(res.body) as T, aggregated: res.contentType.includes('apidiscovery.k8s.io') };
    };
    const [core, groups] = await Promise.all([
      json<{ items?: GroupDiscovery[] }>('/api', AGGREGATED),
      json<{ items?: GroupDiscovery[] }>('/apis', AGGREGATED),
    ]);
    if (core.aggregated && groups.aggregated) return [...(core.doc.items ?? []), ...(groups.doc.items ?? [])].flatMap(fromAggregated);
    // An API server (or a proxy in front of it) without aggregated discovery: one GET per group version.
    const legacy = await json<{ groups?: { name: string; preferredVersion?: { version: string } }[] }>('/apis');
    const versions = [
      { group: '', version: 'v1', path: '/api/v1' },
      ...(legacy.doc.groups ?? [])
        .filter((g) => g.preferredVersion)
        .map((g) => ({ group: g.name, version: g.preferredVersion!.version, path: `/apis/${g.name}/${g.preferredVersion!.version}` })),
    ];
    // A group whose server is down (an aggregated API such as metrics-server without endpoints) leaves out only its
    // own types, as kubectl does; the core group must answer.
    const lists = await Promise.all(
      versions.map(async (v) => {
        const list = await json<{ resources?: LegacyResource[] }>(v.path).then(
          (res) => res.doc,
          (err: unknown): { resources?: LegacyResource[] } => {
            if (!v.group) throw err;
            return {};
          },
        );
        return { ...v, list };
      }),
    );
    return lists.flatMap(({ group, version, list }) =>
      (list.resources ?? [])
        .filter((r) => !r.name.includes('/'))
        .map((r): ApiResource => ({
          name: r.name,
          shortNames: r.shortNames ?? [],
          group,
          version,
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: r.verbs ?? [],
          categories: r.categories ?? [],
        })),
    );
  }

  /** Resolves a kind the way kubectl does; prefers the core and apps groups when a name is ambiguous. */
  async resolve(ctx: ToolContext, kind: string): Promise<ApiResource> {
    const all = await this.resources(ctx);
    const wanted = kind.trim().toLowerCase();
    const [base, ...groupParts] = wanted.split('.');
    const group = groupParts.join('.');
    const matches = all.filter((r) => {
      if (group && r.group !== group && !r.group.startsWith(`${group}.`)) return false;
      return (
        r.name === base ||
        r.kind.toLowerCase() === base ||
        r.shortNames.includes(base) ||
        (base.endsWith('s') && r.kind.toLowerCase() === base.slice(0, -1))
      );
    });
    if (!matches.length) {
      throw new ToolError(`the cluster has no resource type "${kind}"; k8s_api_resources lists the types it serves`);
    }
    const rank = (r: ApiResource) => (r.group === '' ? 0 : r.group === 'apps' ? 1 : r.group.endsWith('.k8s.io') ? 3 : 2);
    return [...matches].sort((a, b) => rank(a) - rank(b))[0];
  }
}

/** The preferred (first) version of a group from aggregated discovery. */
function fromAggregated(group: GroupDiscovery): ApiResource[] {
  const [preferred] = group.versions ?? [];
  if (!preferred) return [];
  return (preferred.resources ?? []).map((r) => ({
    name: r.resource,
    shortNames: r.shortNames ?? [],
    group: group.metadata?.name ?? '',
    version: preferred.version,
    namespaced: r.scope === 'Namespaced',
    kind: r.responseKind?.kind ?? '',
    verbs: r.verbs ?? [],
    categories: r.categories ?? [],
  }));
}
