// Which resources the cluster serves (any kind, CRDs included), learned from `kubectl api-resources` and cached
// per cluster for a short while. Resolves what a user or model calls a kind ("po", "pods", "Deployment",
// "deploy", "certificates.cert-manager.io") to the API resource.
import { parseAlignedTable } from './columns';
import { ToolError } from '../errors';
import type { ToolContext } from '../runtime';
import { kubectl } from './invoke';

const CACHE_MS = 60_000;

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

export class Discovery {
  private readonly byCluster = new Map<string, { at: number; resources: ApiResource[] }>();

  constructor(private readonly now: () => number = Date.now) {}

  async resources(ctx: ToolContext): Promise<ApiResource[]> {
    const cached = this.byCluster.get(ctx.cluster);
    if (cached && this.now() - cached.at < CACHE_MS) return cached.resources;
    const out = await kubectl(ctx, {
      argv: ['api-resources', '--output=wide'],
      actions: [{ verb: 'get', kind: 'APIResourceList', group: '', clusterScoped: true }],
    });
    const resources = parseAlignedTable(out.stdout).map((row): ApiResource => {
      const [group, version] = row.APIVERSION.includes('/') ? row.APIVERSION.split('/') : ['', row.APIVERSION];
      const list = (s: string) => s.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
      return {
        name: row.NAME, shortNames: list(row.SHORTNAMES), group, version, namespaced: row.NAMESPACED === 'true',
        kind: row.KIND, verbs: list(row.VERBS), categories: list(row.CATEGORIES),
      };
    });
    this.byCluster.set(ctx.cluster, { at: this.now(), resources });
    return resources;
  }

  /** Resolves a kind the way kubectl does; prefers the core and apps groups when a name is ambiguous. */
  async resolve(ctx: ToolContext, kind: string): Promise<ApiResource> {
    const all = await this.resources(ctx);
    const wanted = kind.trim().toLowerCase();
    const [base, ...groupParts] = wanted.split('.');
    const group = groupParts.join('.');
    const matches = all.filter((r) => {
      if (group && r.group !== group && !r.group.startsWith(`${group}.`)) return false;
      return r.name === base || r.kind.toLowerCase() === base || r.shortNames.includes(base)
        || (base.endsWith('s') && r.kind.toLowerCase() === base.slice(0, -1));
    });
    if (!matches.length) {
      throw new ToolError(`the cluster has no resource type "${kind}"; k8s_api_resources lists the types it serves`);
    }
    const rank = (r: ApiResource) => (r.group === '' ? 0 : r.group === 'apps' ? 1 : r.group.endsWith('.k8s.io') ? 3 : 2);
    return [...matches].sort((a, b) => rank(a) - rank(b))[0];
  }
}
