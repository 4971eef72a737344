// k8s_get: list or get any kind (CRDs included, resolved by discovery), one page at a time.
import { TableViewSchema, YamlViewSchema, type TableView } from '@drover/protocol';
import { stringify } from 'yaml';
import { z } from 'zod';
import { continueArg, fieldPathArg, fieldSelectorArg, kindArg, labelSelectorArg, nameArg, namespaceArg } from '../../kube/args';
import { resourceArg, type ApiResource } from '../../kube/discovery';
import { fieldSteps, fieldValues } from '../../kube/field-path';
import { getObject, listObjects } from '../../kube/reads';
import type { ToolContext } from '../../runtime';
import { maskText, redactObject } from '../../policy/redact';
import { holdsFreeText, serverTable } from '../../views/server-table';
import { fitTable, objectRef } from '../../views/table';
import { fitText, frameUntrusted } from '../../views/text';
import { defineTool, type ToolResult } from '../define-tool';

/* eslint-disable @typescript-eslint/no-explicit-any */

const DEFAULT_PAGE = 50;

function dump(obj: unknown, format: 'yaml' | 'json'): string {
  return format === 'json' ? JSON.stringify(obj, null, 2) : stringify(obj, { lineWidth: 0 });
}

export const k8sGet = defineTool({
  kind: 'read',
  name: 'k8s_get',
  title: 'Kubernetes: get or list objects',
  description:
    'List objects of any kind (pods, deployments, services, nodes, CRDs…) or get one by name. Lists are paged; ' +
    'use namespace and selectors to narrow. output=yaml shows one object in full (secrets redacted).',
  input: {
    kind: kindArg.describe('Resource type, e.g. pods, deployments, services, nodes, events, or a CRD such as certificates.cert-manager.io'),
    name: nameArg.optional().describe('Object name; omit to list'),
    namespace: namespaceArg.optional().describe('Namespace; omit for all namespaces (or for cluster-wide kinds)'),
    labelSelector: labelSelectorArg.optional().describe('Label selector, e.g. app=web'),
    fieldSelector: fieldSelectorArg.optional().describe('Field selector, e.g. status.phase=Running'),
    output: z
      .enum(['table', 'wide', 'yaml', 'json'])
      .default('table')
      .describe('table (compact, like kubectl get), wide (more columns), yaml or json'),
    fields: z
      .array(fieldPathArg)
      .max(12, 'at most 12 fields')
      .optional()
      .describe('Only these fields as columns, e.g. ["status.phase","spec.containers[*].image"]'),
    limit: z.number().int().min(1).max(500).default(DEFAULT_PAGE).describe('Page size for lists'),
    continue: continueArg.optional().describe('Continue token from the previous page'),
  },
  views: [TableViewSchema, YamlViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx): Promise<ToolResult> {
    const resource = await ctx.rt.discovery.resolve(ctx, args.kind);
    const namespace = resource.namespaced ? (args.namespace ?? (args.name ? 'default' : undefined)) : undefined;
    const scope = resource.namespaced ? (namespace ? `namespace ${namespace}` : 'all namespaces') : 'cluster';
    if (args.fields || args.output === 'yaml' || args.output === 'json') {
      const objects = args.name
        ? { items: [redactObject(await getObject(ctx, resource, args.name, namespace))], metadata: {} }
        : redactObject(await listObjects(ctx, resource, { ...args, namespace }));
      const next: string | undefined = objects.metadata?.continue || undefined;
      if (args.fields)
        return renderTable(ctx, resource, scope, projected(ctx, resource, objects, args.fields, !namespace && resource.namespaced));
      const text = maskText(dump(args.name ? objects.items[0] : objects.items, args.output as 'yaml' | 'json'));
      const fitted = fitText(
        text,
        ctx.budgetChars - 300,
        args.name ? 'ask for specific fields with `fields`' : 'use output=table, a smaller limit or a selector',
      );
      if (fitted.truncated) ctx.record.truncated = true;
      const what = args.name ? `${resource.kind} ${args.name}` : `${resourceArg(resource)} list`;
      return {
        text: frameUntrusted(what, fitted.text) + (next ? `\nMore: continue="${next}"` : ''),
        view: {
          kind: 'yaml',
          ...(args.name ? { ref: objectRef(ctx, resource, objects.items[0]) } : {}),
          format: args.output as 'yaml' | 'json',
          text,
          truncated: fitted.truncated,
        },
      };
    }
    return renderTable(ctx, resource, scope, await serverTable(ctx, resource, { ...args, namespace, wide: args.output === 'wide' }));
  },
});

/** A table of chosen fields, read from the objects themselves. */
function projected(ctx: ToolContext, resource: ApiResource, objects: any, fields: string[], withNamespace: boolean): TableView {
  const remaining = objects.metadata?.remainingItemCount;
  const next: string | undefined = objects.metadata?.continue || undefined;
  const total = typeof remaining === 'number' ? objects.items.length + remaining : next ? undefined : objects.items.length;
  const paths = fields.map(fieldSteps);
  return {
    kind: 'table',
    resource: resourceArg(resource),
    truncated: false,
    columns: [...(withNamespace ? ['NAMESPACE'] : []), 'NAME', ...fields.map((f) => f.toUpperCase())],
    rows: objects.items.map((o: any) => ({
      ref: objectRef(ctx, resource, o),
      cells: [
        ...(withNamespace ? [o.metadata?.namespace ?? ''] : []),
        o.metadata?.name ?? '',
        ...paths.map((steps) => {
          const values = fieldValues(o, steps).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)));
          return maskText(values.length ? values.join(',') : '<none>');
        }),
      ],
    })),
    ...(total !== undefined ? { total } : {}),
    ...(next ? { next } : {}),
  };
}

function renderTable(ctx: ToolContext, resource: ApiResource, scope: string, full: TableView): ToolResult {
  const count = full.rows.length;
  const header =
    count === 0
      ? `No ${resourceArg(resource)} found (${scope}).`
      : `${resourceArg(resource)} in ${scope}: ${count}${full.total !== undefined ? ` of ${full.total}` : ''} shown`;
  const { text, view, dropped } = fitTable(full, ctx.budgetChars - header.length - 200);
  if (dropped) ctx.record.truncated = true;
  const more = [
    dropped ? `[${dropped} more rows on this page did not fit; use a smaller limit, a selector or fields]` : '',
    full.next ? `More: call again with continue="${full.next}"` : '',
  ]
    .filter(Boolean)
    .join('\n');
  // Projected fields, event messages and custom (CRD) columns can carry text a workload or user wrote.
  const untrusted = holdsFreeText(resource) || full.columns.some((c) => c.includes('.'));
  const body = count ? `${header}\n${untrusted ? frameUntrusted('table', text) : text}` : header;
  return { text: [body, more].filter(Boolean).join('\n'), view };
}
