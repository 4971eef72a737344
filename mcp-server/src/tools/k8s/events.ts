// k8s_events: what happened recently, newest first, repeats folded into one row with their count.
import { EventsViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { anyNamespaceArg, kindArg, nameArg, sinceArg } from '../../kube/args';
import { durationMs } from '../../kube/read-args';
import { fitEvents, foldEvents, lastSeen, listEvents } from '../../views/events';
import { frameUntrusted } from '../../views/text';
import { defineTool } from '../define-tool';

export const k8sEvents = defineTool({
  kind: 'read',
  name: 'k8s_events',
  title: 'Kubernetes: recent events',
  description: 'Recent events, newest first.',
  input: {
    namespace: anyNamespaceArg,
    kind: kindArg.optional().describe('Only about this kind, e.g. pod'),
    name: nameArg.optional().describe('Only about this object'),
    type: z.enum(['Warning', 'Normal']).optional(),
    since: sinceArg,
    limit: z.number().int().min(1).max(500).default(50),
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
