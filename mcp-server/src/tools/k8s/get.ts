// k8s_get: list or get any kind (CRDs included, resolved by discovery), one page at a time.
import { TableViewSchema, YamlViewSchema } from '@drover/protocol';
import { stringify } from 'yaml';
import { z } from 'zod';
import { continueArg, fieldPathArg, fieldSelectorArg, kindArg, labelSelectorArg, nameArg, namespaceArg } from '../../kube/args';
import { restPath, resourceArg, type ApiResource } from '../../kube/discovery';
import { kubectlJson } from '../../kube/json';
import { rawArg } from '../../kube/raw';
import type { ToolContext } from '../../runtime';
import { jsonPath, PRINTERS } from '../../views/printers';
import { maskText, redactObject } from '../../views/redact';
import { fitTable, objectRef, printerFor, tableOf } from '../../views/table';
import { fitText, frameUntrusted } from '../../views/text';
import { defineTool, type ToolResult } from '../define-tool';

/* eslint-disable @typescript-eslint/no-explicit-any */

const DEFAULT_PAGE = 50;

async function getOne(ctx: ToolContext, resource: ApiResource, name: string, namespace?: string): Promise<any> {
  return kubectlJson(ctx, {
    argv: ['get', resourceArg(resource), name, ...(resource.namespaced ? [`--namespace=${namespace ?? 'default'}`] : []), '--output=json'],
    actions: [{ verb: 'get', kind: resource.kind, group: resource.group, namespace, name, clusterScoped: !resource.namespaced }],
  });
}

async function getPage(ctx: ToolContext, resource: ApiResource, a: { namespace?: string; labelSelector?: string; fieldSelector?: string; limit: number; continue?: string }): Promise<any> {
  const query = new URLSearchParams({ limit: String(a.limit) });
  if (a.continue) query.set('continue', a.continue);
  if (a.labelSelector) query.set('labelSelector', a.labelSelector);
  if (a.fieldSelector) query.set('fieldSelector', a.fieldSelector);
  return kubectlJson(ctx, {
    argv: ['get', rawArg(ctx, restPath(resource, a.namespace), query)],
    actions: [{ verb: 'list', kind: resource.kind, group: resource.group, namespace: resource.namespaced ? a.namespace : undefined, clusterScoped: !resource.namespaced }],
  });
}

function dump(obj: unknown, format: 'yaml' | 'json'): string {
  return format === 'json' ? JSON.stringify(obj, null, 2) : stringify(obj, { lineWidth: 0 });
}

export const k8sGet = defineTool({
  kind: 'read',
  name: 'k8s_get',
  title: 'Kubernetes: get or list objects',
  description: 'List objects of any kind (pods, deployments, services, nodes, CRDs…) or get one by name. Lists are paged; '
    + 'use namespace and selectors to narrow. output=yaml shows one object in full (secrets redacted).',
  input: {
    kind: kindArg.describe('Resource type, e.g. pods, deployments, services, nodes, events, or a CRD such as certificates.cert-manager.io'),
    name: nameArg.optional().describe('Object name; omit to list'),
    namespace: namespaceArg.optional().describe('Namespace; omit for all namespaces (or for cluster-wide kinds)'),
    labelSelector: labelSelectorArg.optional().describe('Label selector, e.g. app=web'),
    fieldSelector: fieldSelectorArg.optional().describe('Field selector, e.g. status.phase=Running'),
    output: z.enum(['table', 'yaml', 'json']).default('table').describe('table (compact), yaml or json'),
    fields: z.array(fieldPathArg).max(12).optional().describe('Only these fields as columns, e.g. ["status.phase","spec.nodeName"]'),
    limit: z.number().int().min(1).max(500).default(DEFAULT_PAGE).describe('Page size for lists'),
    continue: continueArg.optional().describe('Continue token from the previous page'),
  },
  views: [TableViewSchema, YamlViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx): Promise<ToolResult> {
    const resource = await ctx.rt.discovery.resolve(ctx, args.kind);
    const namespace = resource.namespaced ? args.namespace : undefined;
    if (args.name) {
      const obj = redactObject(await getOne(ctx, resource, args.name, namespace ?? 'default'));
      if (args.output !== 'table' && !args.fields) {
        const fitted = fitText(maskText(dump(obj, args.output)), ctx.budgetChars - 200, 'ask for specific fields with `fields`');
        return {
          text: frameUntrusted(`${resource.kind} ${args.name}`, fitted.text),
          view: { kind: 'yaml', ref: objectRef(ctx, resource, obj), format: args.output, text: maskText(dump(obj, args.output)), truncated: fitted.truncated },
        };
      }
      return tableResult(ctx, resource, [obj], args.fields, namespace === undefined && resource.namespaced, undefined, undefined);
    }
    const page = redactObject(await getPage(ctx, resource, { ...args, namespace }));
    const items: any[] = page.items ?? [];
    const remaining = page.metadata?.remainingItemCount;
    const total = typeof remaining === 'number' ? items.length + remaining : page.metadata?.continue ? undefined : items.length;
    if (args.output !== 'table' && !args.fields) {
      const text = maskText(dump(items, args.output));
      const fitted = fitText(text, ctx.budgetChars - 300, 'use output=table, a smaller limit or a selector');
      return {
        text: frameUntrusted(`${resourceArg(resource)} list`, fitted.text) + (page.metadata?.continue ? `\nMore: continue="${page.metadata.continue}"` : ''),
        view: { kind: 'yaml', format: args.output, text, truncated: fitted.truncated },
      };
    }
    return tableResult(ctx, resource, items, args.fields, namespace === undefined && resource.namespaced, total, page.metadata?.continue || undefined);
  },
});

async function tableResult(ctx: ToolContext, resource: ApiResource, items: any[], fields: string[] | undefined,
                           withNamespace: boolean, total: number | undefined, next: string | undefined): Promise<ToolResult> {
  const printer = fields
    ? { columns: fields.map((f) => f.toUpperCase()), cells: fields.map((f) => (o: any) => {
      const v = jsonPath(o, `.${f}`);
      return maskText(v === undefined ? '<none>' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    }) }
    : await printerFor(ctx, resource);
  const full = tableOf({ ctx, resource, items, printer, withNamespace, total, next });
  const scope = withNamespace ? 'all namespaces' : items[0]?.metadata?.namespace ? `namespace ${items[0].metadata.namespace}` : 'cluster';
  const header = items.length === 0 ? `No ${resourceArg(resource)} found (${scope}).`
    : `${resourceArg(resource)} in ${scope}: ${items.length}${total !== undefined ? ` of ${total}` : ''} shown`;
  const { text, view, dropped } = fitTable(full, ctx.budgetChars - header.length - 200);
  if (dropped) ctx.record.truncated = true;
  const more = [
    dropped ? `[${dropped} more rows on this page did not fit; use a smaller limit, a selector or fields]` : '',
    next ? `More: call again with continue="${next}"` : '',
  ].filter(Boolean).join('\n');
  // Names and built-in columns cannot carry prose; event messages and custom columns can.
  const untrusted = resource.name === 'events' || Boolean(fields) || !PRINTERS[resourceArg(resource)];
  const body = items.length ? `${header}\n${untrusted ? frameUntrusted('table', text) : text}` : header;
  return { text: [body, more].filter(Boolean).join('\n'), view };
}
