// k8s_get: list or get any kind (CRDs included, resolved by discovery), one page at a time.
import { TableViewSchema, YamlViewSchema, type TableView } from '@drover/protocol';
import { z } from 'zod';
import { continueArg, fieldPathArg, fieldSelectorArg, kindArg, labelSelectorArg, nameArg, namespaceArg } from '../../kube/args';
import { resourceArg, type ApiResource } from '../../kube/discovery';
import { fieldSteps, fieldValues } from '../../kube/field-path';
import { getObject, listObjects, type ListOptions } from '../../kube/reads';
import type { ToolContext } from '../../runtime';
import { maskText, redactObject } from '../../policy/redact';
import { dump, dumpWholeItems, type DumpFormat } from '../../views/object-dump';
import { holdsFreeText, serverTable } from '../../views/server-table';
import { fitTable, objectRef } from '../../views/table';
import { fitText, frameUntrusted } from '../../views/text';
import { defineTool, type ToolResult } from '../define-tool';

/* eslint-disable @typescript-eslint/no-explicit-any */

const DEFAULT_PAGE = 50;

export const k8sGet = defineTool({
  kind: 'read',
  name: 'k8s_get',
  title: 'Kubernetes: get or list objects',
  description: 'List objects of any kind, or get one by name; output=yaml shows it in full.',
  input: {
    kind: kindArg.describe('e.g. pods or certificates.cert-manager.io'),
    name: nameArg.optional().describe('Omit to list'),
    namespace: namespaceArg.optional().describe('Omit for all namespaces'),
    labelSelector: labelSelectorArg.optional().describe('e.g. app=web'),
    fieldSelector: fieldSelectorArg.optional().describe('e.g. status.phase=Running'),
    output: z.enum(['table', 'wide', 'yaml', 'json']).default('table').describe('wide: more columns'),
    fields: z.array(fieldPathArg).max(12, 'at most 12 fields').optional().describe('Columns, e.g. ["status.phase"]'),
    limit: z.number().int().min(1).max(500).default(DEFAULT_PAGE).describe('Page size'),
    continue: continueArg.optional().describe('From the previous page'),
  },
  views: [TableViewSchema, YamlViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx): Promise<ToolResult> {
    const resource = await ctx.rt.discovery.resolve(ctx, args.kind);
    const namespace = resource.namespaced ? (args.namespace ?? (args.name ? 'default' : undefined)) : undefined;
    const scope = resource.namespaced ? (namespace ? `namespace ${namespace}` : 'all namespaces') : 'cluster';
    if (args.fields) {
      const objects = args.name
        ? { items: [redactObject(await getObject(ctx, resource, args.name, namespace))], metadata: {} }
        : redactObject(await listObjects(ctx, resource, { ...args, namespace }));
      return renderTable(ctx, resource, scope, projected(ctx, resource, objects, args.fields, !namespace && resource.namespaced));
    }
    if (args.output === 'yaml' || args.output === 'json') {
      return args.name
        ? dumpOne(ctx, resource, redactObject(await getObject(ctx, resource, args.name, namespace)), args.output)
        : dumpPage(ctx, resource, scope, { ...args, namespace }, args.output);
    }
    return renderTable(ctx, resource, scope, await serverTable(ctx, resource, { ...args, namespace, wide: args.output === 'wide' }));
  },
});

function dumpOne(ctx: ToolContext, resource: ApiResource, obj: any, format: DumpFormat): ToolResult {
  const text = maskText(dump(obj, format));
  const fitted = fitText(text, ctx.budgetChars - 300, 'ask for specific fields with `fields`');
  if (fitted.truncated) ctx.record.truncated = true;
  return {
    text: frameUntrusted(`${resource.kind} ${obj.metadata?.name}`, fitted.text),
    view: { kind: 'yaml', ref: objectRef(ctx, resource, obj), format, text, truncated: fitted.truncated },
  };
}

/**
 * One page of a list as YAML or JSON: as many whole items as fit the answer, never part of one. When the page does not
 * fit, the API server is asked for exactly the items shown, from the same snapshot (the first page's resourceVersion,
 * or the continue token, which carries its own), so the continue token it gives starts right after the last one shown.
 */
async function dumpPage(ctx: ToolContext, resource: ApiResource, scope: string, o: ListOptions, format: DumpFormat): Promise<ToolResult> {
  const page = redactObject(await listObjects(ctx, resource, o));
  const items: any[] = page.items;
  const fitted = dumpWholeItems(items, format, ctx.budgetChars - 500, maskText);
  let next: string | undefined = page.metadata?.continue || undefined;
  const cut = fitted.shown < items.length;
  if (cut) {
    const pinned = o.continue ? {} : { resourceVersion: page.metadata?.resourceVersion };
    const exact = await listObjects(ctx, resource, { ...o, ...pinned, limit: Math.max(1, fitted.shown) });
    next = exact.metadata?.continue || undefined;
    ctx.record.truncated = true;
  }
  const remaining = page.metadata?.remainingItemCount;
  const total = typeof remaining === 'number' ? ` of ${items.length + remaining}` : '';
  const header = items.length
    ? `${resourceArg(resource)} in ${scope}: ${fitted.shown}${total} shown as ${format}`
    : `No ${resourceArg(resource)} found (${scope}).`;
  const tooLarge = (item: any) =>
    `[${resource.kind} ${item.metadata?.namespace ? `${item.metadata.namespace}/` : ''}${item.metadata?.name} is too large to show whole here; get it by name with \`fields\` for parts of it]`;
  const notes = [
    fitted.shown === 0 && items.length ? tooLarge(items[0]) : '',
    cut && fitted.shown ? `[${items.length - fitted.shown} more items on this page did not fit; they come next]` : '',
    next ? `More: call again with continue="${next}"` : '',
  ].filter(Boolean);
  return {
    text: [header, ...(fitted.shown ? [frameUntrusted(`${resourceArg(resource)} list`, fitted.text.trimEnd())] : []), ...notes].join('\n'),
    view: { kind: 'yaml', format, text: fitted.text, truncated: cut },
  };
}

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
