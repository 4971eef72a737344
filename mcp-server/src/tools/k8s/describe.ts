// k8s_describe: one object in one call — status summary, conditions, owners, its pods and its recent events.
import { DescribeViewSchema, type TableView } from '@drover/protocol';
import { CommandFailed } from '../../errors';
import { kindArg, nameArg, namespaceArg } from '../../kube/args';
import { resourceArg } from '../../kube/discovery';
import { getObject, listObjects } from '../../kube/reads';
import { ownerChain } from '../../kube/owners';
import { isWorkload, selectorString } from '../../kube/workloads';
import type { ToolContext } from '../../runtime';
import { describeText } from '../../views/describe-text';
import { objectEvents } from '../../views/events';
import { age } from '../../views/printers';
import { maskText, redactObject } from '../../policy/redact';
import { summarize } from '../../views/summary-kinds';
import { keyValues } from '../../views/summary-pods';
import { serverTable } from '../../views/server-table';
import { objectRef } from '../../views/table';
import { defineTool } from '../define-tool';

/* eslint-disable @typescript-eslint/no-explicit-any */

const VIEW_EVENTS = 50;

/** Runs a part that is nice to have; a part the user may not read becomes a note instead of failing the call. */
async function optional<T>(notes: string[], what: string, part: () => Promise<T>): Promise<T | undefined> {
  try {
    return await part();
  } catch (err) {
    if (!(err instanceof CommandFailed)) throw err;
    notes.push(`${what} not shown: ${err.message.split('\n')[0]}`);
    return undefined;
  }
}

async function endpoints(ctx: ToolContext, svc: any): Promise<string> {
  const namespace = svc.metadata.namespace;
  const slices = await listObjects(ctx, await ctx.rt.discovery.resolve(ctx, 'endpointslices.discovery.k8s.io'), {
    namespace,
    labelSelector: `kubernetes.io/service-name=${svc.metadata.name}`,
  });
  const all = (slices.items ?? []).flatMap((s: any) => (s.endpoints ?? []).map((e: any) => ({ ...e, port: s.ports?.[0]?.port })));
  const ready = all.filter((e: any) => e.conditions?.ready !== false);
  const shown = ready
    .slice(0, 3)
    .map((e: any) => `${e.addresses?.[0]}${e.port ? `:${e.port}` : ''}`)
    .join(', ');
  return `${ready.length} ready, ${all.length - ready.length} not ready${shown ? ` (${shown}${ready.length > 3 ? ', …' : ''})` : ''}`;
}

async function ownedPods(ctx: ToolContext, obj: any): Promise<{ table: TableView; selector: string } | undefined> {
  const selector = selectorString(obj.spec?.selector);
  if (!selector) return undefined;
  const pods = await ctx.rt.discovery.resolve(ctx, 'pods');
  return { table: await serverTable(ctx, pods, { namespace: obj.metadata.namespace, labelSelector: selector }), selector };
}

export const k8sDescribe = defineTool({
  kind: 'read',
  name: 'k8s_describe',
  title: 'Kubernetes: describe an object',
  description: 'Status, conditions, pods and events of one object.',
  input: {
    kind: kindArg.describe('e.g. pod or certificates.cert-manager.io'),
    name: nameArg,
    namespace: namespaceArg.optional().describe('Default: "default"'),
  },
  views: [DescribeViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx) {
    const resource = await ctx.rt.discovery.resolve(ctx, args.kind);
    const namespace = resource.namespaced ? (args.namespace ?? 'default') : undefined;
    const obj = redactObject(await getObject(ctx, resource, args.name, namespace));
    const now = Date.now();
    const notes: string[] = [];
    // The parts are independent reads: run them together.
    const [eps, chain, pods, events] = await Promise.all([
      resourceArg(resource) === 'services' ? optional(notes, 'endpoints', () => endpoints(ctx, obj)) : undefined,
      ownerChain(ctx, obj),
      isWorkload(resource) ? optional(notes, 'pods', () => ownedPods(ctx, obj)) : undefined,
      optional(notes, 'events', () => objectEvents(ctx, obj)).then((rows) => rows ?? []),
    ]);
    if (chain.note) notes.push(chain.note);
    const { rows, untrusted } = summarize(resource, obj, now);
    const summary = rows.map(({ label, value }) => ({ label, value }));
    if (eps) summary.push({ label: 'Endpoints', value: eps });
    const conditions = (obj.status?.conditions ?? []).map((c: any) => ({
      type: String(c.type),
      status: String(c.status),
      ...(c.reason ? { reason: String(c.reason) } : {}),
      ...(c.message ? { message: maskText(String(c.message)) } : {}),
    }));

    const ref = objectRef(ctx, resource, obj);
    const text = describeText(
      {
        title: `${resource.kind} ${namespace ? `${namespace}/` : ''}${args.name} (${obj.apiVersion}), created ${age(obj.metadata?.creationTimestamp, now)} ago`,
        summary,
        untrustedSummary: untrusted,
        labels: keyValues(obj.metadata?.labels).join(', '),
        annotations: maskText(keyValues(obj.metadata?.annotations).join('\n')),
        conditions,
        owners: chain.owners,
        pods,
        events,
        notes,
      },
      ctx.budgetChars,
    );
    const podsView = text.pods ? (({ kind: _kind, ...table }) => table)(text.pods) : undefined;
    return {
      text: text.text,
      view: {
        kind: 'describe',
        ref,
        summary,
        conditions,
        owners: chain.owners,
        ...(podsView ? { pods: podsView } : {}),
        events: events.slice(0, VIEW_EVENTS),
        truncated: text.truncated || events.length > VIEW_EVENTS,
      },
    };
  },
});
