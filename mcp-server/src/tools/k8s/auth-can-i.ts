// k8s_auth_can_i: may the user do something? One question (a SelfSubjectAccessReview), or everything the user may do
// in a namespace (a SelfSubjectRulesReview). Both are posted as the user through kubectl and the gateway; the API
// server answers about the caller and stores nothing (policy/classify.ts counts exactly these posts as reads).
import { TableViewSchema, TextViewSchema, type TableView } from '@drover/protocol';
import { z } from 'zod';
import { ToolError } from '../../errors';
import { nameArg, namespaceArg } from '../../kube/args';
import { resourceArg } from '../../kube/discovery';
import { kubectl } from '../../kube/invoke';
import { reviewPath } from '../../policy/classify';
import type { ToolContext } from '../../runtime';
import { fitTable } from '../../views/table';
import { defineTool, type ToolResult } from '../define-tool';

/* eslint-disable @typescript-eslint/no-explicit-any */

const VERB_ORDER = ['*', 'get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

/** Posts a review as the user and returns the API server's answer (its status). */
async function review(ctx: ToolContext, resource: string, kind: string, spec: object): Promise<any> {
  const group = resource.split('/')[0];
  const res = await kubectl(ctx, {
    argv: ['create', `--raw=${reviewPath(resource)}`, '--filename=-'],
    stdin: JSON.stringify({ apiVersion: `${group}/v1`, kind, spec }),
    actions: [{ verb: 'get', kind, group, clusterScoped: true }],
  });
  return JSON.parse(res.stdout).status ?? {};
}

async function checkOne(
  ctx: ToolContext,
  args: { verb: string; resource: string; namespace?: string; name?: string },
): Promise<ToolResult> {
  const [base, subresource] = args.resource.split('/');
  const r = await ctx.rt.discovery.resolve(ctx, base);
  // A Namespace is inside itself, as the API server reads a request for it (a RoleBinding there can grant it).
  const namespace = r.namespaced ? args.namespace : r.kind === 'Namespace' && r.group === '' ? args.name : undefined;
  const attributes = { verb: args.verb, group: r.group, resource: r.name, subresource, namespace, name: args.name };
  const status = await review(ctx, 'authorization.k8s.io/selfsubjectaccessreviews', 'SelfSubjectAccessReview', {
    resourceAttributes: attributes,
  });
  const what = `${args.verb} ${resourceArg(r)}${subresource ? `/${subresource}` : ''}${args.name ? ` ${args.name}` : ''}`;
  const where = r.namespaced ? (namespace ? ` in namespace ${namespace}` : ' in every namespace') : '';
  const ignored = args.namespace && !r.namespaced ? ` (${r.kind} is cluster-scoped: the namespace does not apply)` : '';
  const why = [status.reason, status.evaluationError]
    .filter(Boolean)
    .map((t: string) => `\nReason: ${t}`)
    .join('');
  const text = `${status.allowed ? 'yes' : 'no'}: the user ${status.allowed ? 'may' : 'may not'} ${what}${where}${ignored}${why}`;
  return { text, view: { kind: 'text', title: `Can I ${what}${where}?`, text, truncated: false } };
}

/** kubectl's way of naming a rule's resource: deployments.apps, deployments.apps/scale, pods/log. */
function ruleResource(resource: string, group: string): string {
  const [base, sub] = resource.split('/');
  return `${base}${group ? `.${group}` : ''}${sub ? `/${sub}` : ''}`;
}

/** Rows of VERBS, RESOURCE NAMES, RESOURCES: each resource's verbs merged over all rules, then the resources (and
 *  non-resource URLs, which start with /) that have the same verbs and names grouped into one row. */
function ruleRows(status: any): string[][] {
  const verbs = new Map<string, Set<string>>();
  const add = (names: string, resource: string, granted: string[] = []) => {
    const key = `${names}|${resource}`;
    verbs.set(key, new Set([...(verbs.get(key) ?? []), ...granted]));
  };
  for (const rule of status.resourceRules ?? [])
    for (const group of rule.apiGroups ?? [''])
      for (const resource of rule.resources ?? []) add((rule.resourceNames ?? []).join(','), ruleResource(resource, group), rule.verbs);
  for (const rule of status.nonResourceRules ?? []) for (const url of rule.nonResourceURLs ?? []) add('', url, rule.verbs);
  const rank = (v: string) => (VERB_ORDER.includes(v) ? VERB_ORDER.indexOf(v) : VERB_ORDER.length);
  const groups = new Map<string, string[]>();
  for (const [key, granted] of verbs) {
    const [names, resource] = key.split('|');
    const row = `${[...granted].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).join(',')}|${names}`;
    groups.set(row, [...(groups.get(row) ?? []), resource]);
  }
  return [...groups].map(([row, resources]) => [...row.split('|'), resources.sort().join(',')]);
}

async function listRules(ctx: ToolContext, namespace: string): Promise<ToolResult> {
  const status = await review(ctx, 'authorization.k8s.io/selfsubjectrulesreviews', 'SelfSubjectRulesReview', { namespace });
  const rows = ruleRows(status);
  const header = `What the user may do in namespace ${namespace} (cluster-wide rights included):`;
  const incomplete = status.incomplete
    ? `\nIncomplete: the API server could not list every rule${status.evaluationError ? ` (${status.evaluationError})` : ''}; something missing here may still be allowed: ask with verb and resource.`
    : '';
  const table: TableView = {
    kind: 'table',
    resource: `access rules in namespace ${namespace}`,
    columns: ['VERBS', 'RESOURCE NAMES', 'RESOURCES'],
    rows: rows.map((cells) => ({ cells })),
    total: rows.length,
    truncated: Boolean(status.incomplete),
  };
  const fitted = fitTable(table, ctx.budgetChars - header.length - incomplete.length - 100);
  if (fitted.dropped) ctx.record.truncated = true;
  const more = fitted.dropped ? `\n[${fitted.dropped} more rows; ask about one action with verb and resource]` : '';
  return { text: `${header}\n${fitted.text}${more}${incomplete}`, view: fitted.view };
}

export const k8sAuthCanI = defineTool({
  kind: 'read',
  name: 'k8s_auth_can_i',
  title: 'Kubernetes: can I?',
  description: 'Whether the user may do something, or, given only a namespace, all they may do there.',
  input: {
    verb: z
      .string()
      .regex(/^([a-z]{1,32}|\*)$/, 'must be an API verb such as get, list, create, delete or impersonate')
      .optional()
      .describe('e.g. get, list, create, delete'),
    resource: z
      .string()
      .max(300)
      .regex(
        /^[A-Za-z][A-Za-z0-9]*(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(\/[a-z]{1,63})?$/,
        'must be a resource type, optionally /subresource, e.g. deployments.apps or pods/log',
      )
      .optional()
      .describe('e.g. pods, deployments.apps, pods/log'),
    namespace: namespaceArg.optional().describe('Omit for all namespaces'),
    name: nameArg.optional().describe('One object'),
  },
  views: [TextViewSchema, TableViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx) {
    if (args.verb && args.resource) return checkOne(ctx, { ...args, verb: args.verb, resource: args.resource });
    if (args.verb || args.resource)
      throw new ToolError('give both verb and resource to check one action, or only a namespace to list what the user may do there');
    if (args.name) throw new ToolError('name needs verb and resource too');
    if (!args.namespace)
      throw new ToolError('give verb and resource to check one action, or a namespace to list what the user may do there');
    return listRules(ctx, args.namespace);
  },
});
