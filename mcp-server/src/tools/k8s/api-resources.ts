// k8s_api_resources: the resource types the cluster serves (built in and CRDs), from discovery.
import { TableViewSchema, type TableView } from '@drover/protocol';
import { z } from 'zod';
import { apiVersionOf, type ApiResource } from '../../kube/discovery';
import { fitTable } from '../../views/table';
import { defineTool } from '../define-tool';

const GROUP = /^$|^core$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function matches(r: ApiResource, a: { group?: string; namespaced?: boolean; verb?: string; search?: string }): boolean {
  if (a.group !== undefined && r.group !== (a.group === 'core' ? '' : a.group)) return false;
  if (a.namespaced !== undefined && r.namespaced !== a.namespaced) return false;
  if (a.verb && !r.verbs.includes(a.verb)) return false;
  const s = a.search?.toLowerCase();
  return !s || [r.name, r.kind.toLowerCase(), r.group, ...r.shortNames].some((x) => x.includes(s));
}

export const k8sApiResources = defineTool({
  kind: 'read',
  name: 'k8s_api_resources',
  title: 'Kubernetes: resource types',
  description: 'Resource types the cluster serves, CRDs included: to find a kind.',
  input: {
    group: z
      .string()
      .max(253)
      .regex(GROUP, 'must be an API group such as apps or cert-manager.io, or core')
      .optional()
      .describe('e.g. apps or cert-manager.io'),
    namespaced: z.boolean().optional(),
    verb: z
      .enum(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'])
      .optional()
      .describe('Only types with this verb'),
    search: z
      .string()
      .max(63)
      .regex(/^[a-z0-9.-]+$/, 'must be lowercase letters, digits, . or -')
      .optional()
      .describe('Part of a name, kind or group'),
    wide: z.boolean().default(false).describe('Also verbs and categories'),
  },
  views: [TableViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx) {
    const all = await ctx.rt.discovery.resources(ctx);
    const found = all.filter((r) => matches(r, args)).sort((a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name));
    const columns = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(args.wide ? ['VERBS', 'CATEGORIES'] : [])];
    const table: TableView = {
      kind: 'table',
      resource: 'api-resources',
      columns,
      total: found.length,
      truncated: false,
      rows: found.map((r) => ({
        cells: [
          r.name,
          r.shortNames.join(','),
          apiVersionOf(r),
          String(r.namespaced),
          r.kind,
          ...(args.wide ? [r.verbs.join(','), r.categories.join(',')] : []),
        ],
      })),
    };
    if (!found.length) return { text: `No resource types match (of ${all.length} the cluster serves).`, view: table };
    const header = `${found.length} of ${all.length} resource types:`;
    const fitted = fitTable(table, ctx.budgetChars - header.length - 200);
    if (fitted.dropped) ctx.record.truncated = true;
    const more = fitted.dropped ? `\n[${fitted.dropped} more types; filter with group, namespaced, verb or search]` : '';
    return { text: `${header}\n${fitted.text}${more}`, view: fitted.view };
  },
});
