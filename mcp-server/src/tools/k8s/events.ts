// k8s_events: what happened recently, newest first, repeats folded into one row with their count.
import { EventsViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { durationArg, kindArg, nameArg, namespaceArg } from '../../kube/args';
import { durationMs } from '../../kube/read-args';
import { fitEvents, foldEvents, lastSeen, listEvents } from '../../views/events';
import { frameUntrusted } from '../../views/text';
import { defineTool } from '../define-tool';

export const k8sEvents = defineTool({
  kind: 'read',
  name: 'k8s_events',
  title: 'Kubernetes: recent events',
  description:
    'Recent cluster events, newest first, repeats counted once. Filter by namespace, object, type ' +
    '(Warning for problems) and age (since).',
  input: {
    namespace: namespaceArg.optional().describe('Namespace; omit for all namespaces'),
    kind: kindArg.optional().describe('Only events about this kind of object, e.g. pod, deployment, node'),
    name: nameArg.optional().describe('Only events about the object with this name'),
    type: z.enum(['Warning', 'Normal']).optional().describe('Warning (problems) or Normal'),
    since: durationArg.optional().describe('Only events seen within this long ago, e.g. 10m or 1h'),
    limit: z.number().int().min(1).max(500).default(50).describe('At most this many rows (newest first)'),
  },
  views: [EventsViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx) {
    // The API server filters on what its field selectors support; age is filtered here.
    const selectors: string[] = [];
    if (args.kind) selectors.push(`involvedObject.kind=${(await ctx.rt.discovery.resolve(ctx, args.kind)).kind}`);
    if (args.name) selectors.push(`involvedObject.name=${args.name}`);
    if (args.type) selectors.push(`type=${args.type}`);
    let events = await listEvents(ctx, args.namespace, selectors.join(',') || undefined);
    if (args.since) {
      const cutoff = Date.now() - durationMs(args.since);
      events = events.filter((e) => (Date.parse(lastSeen(e) ?? '') || 0) >= cutoff);
    }
    const rows = foldEvents(ctx, events);
    const occurrences = rows.reduce((sum, r) => sum + r.count, 0);
    const scope = [
      args.namespace ? `namespace ${args.namespace}` : 'all namespaces',
      args.kind || args.name ? `about ${[args.kind, args.name].filter(Boolean).join(' ')}` : '',
      args.type ?? '',
      args.since ? `last ${args.since}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    if (!rows.length) return { text: `No events (${scope}).`, view: { kind: 'events', events: [], truncated: false } };

    const header = `Events (${scope}): ${rows.length} distinct, ${occurrences} occurrences, newest first`;
    const limited = rows.slice(0, args.limit);
    const fitted = fitEvents(limited, { object: true, namespace: !args.namespace }, ctx.budgetChars - header.length - 400);
    const hidden = rows.length - fitted.shown;
    if (hidden) ctx.record.truncated = true;
    const hint = hidden ? `[${hidden} older rows not shown; narrow with type=Warning, a kind and name, a namespace or since]` : '';
    return {
      text: [header, frameUntrusted('events', fitted.text), hint].filter(Boolean).join('\n'),
      view: { kind: 'events', events: rows.slice(0, fitted.shown), truncated: hidden > 0 },
    };
  },
});
