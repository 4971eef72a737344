// k8s_logs: the newest log lines of a pod or of a workload's pods, filtered on the server, never followed.
import { LogsViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { containerArg, kindArg, nameArg, namespaceArg, sinceArg } from '../../kube/args';
import { filterLines } from '../../kube/line-filter';
import { readLogs } from '../../kube/log-read';
import { logSources } from '../../kube/log-sources';
import { lineFilterArg } from '../../kube/read-args';
import { maskLines, shapeLines } from '../../views/log-lines';
import { frameUntrusted } from '../../views/text';
import { defineTool } from '../define-tool';

const KIB = 1024;

export const k8sLogs = defineTool({
  kind: 'read',
  name: 'k8s_logs',
  title: 'Kubernetes: container logs',
  description: 'Newest log lines of a pod or of the pods of a workload; previous=true: before the last crash.',
  input: {
    kind: kindArg.default('pod').describe('pod or a workload kind'),
    name: nameArg.describe('Pod or workload name'),
    namespace: namespaceArg.default('default').describe('Default: "default"'),
    container: containerArg.optional(),
    allContainers: z.boolean().default(false),
    previous: z.boolean().default(false),
    since: sinceArg,
    tail: z.number().int().min(1).max(2000).default(100).describe('Lines per container'),
    limitBytes: z
      .number()
      .int()
      .min(KIB)
      .max(4096 * KIB)
      .default(512 * KIB)
      .describe('Bytes per container'),
    include: lineFilterArg.optional().describe('Regex of lines to keep, e.g. error|panic'),
    exclude: lineFilterArg.optional().describe('Regex of lines to drop'),
    timestamps: z.boolean().default(false),
  },
  views: [LogsViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx) {
    const found = await logSources(ctx, args);
    const read = await readLogs(ctx, found.sources, args);
    const pods = [...new Set(found.sources.map((s) => s.pod))];
    const containers = [...new Set(found.sources.map((s) => s.container))];
    const label = containers.length > 1 ? 'container' : pods.length > 1 ? 'pod' : 'none';

    const what = `${args.previous ? 'Previous logs' : 'Logs'} of ${found.ref.kind.toLowerCase()} ${args.name} (namespace ${args.namespace})`;
    const from = [
      found.ref.kind === 'Pod' || !pods.length ? '' : ` from ${pods.length === 1 ? 'pod' : 'pods'} ${pods.join(', ')}`,
      containers.length === 1 ? `, container ${containers[0]}` : '',
    ].join('');
    const notes = [...found.notes, ...read.failed.map((f) => `could not read ${f}`)];
    const cuts = [
      read.olderLines.length ? `older lines exist beyond tail=${args.tail} (raise tail or use since)` : '',
      read.capped.length
        ? `byte cap of ${args.limitBytes} bytes reached for ${read.capped.join(', ')}: its newest lines are missing; lower tail or raise limitBytes`
        : '',
    ].filter(Boolean);
    const header = [`${what}${from}:`, ...notes.map((n) => `Note: ${n}`)].join('\n');

    // User patterns run only in line-filter.ts (RE2, off the event loop), and only on masked lines.
    const kept = await filterLines(ctx, maskLines(read.lines), { include: args.include, exclude: args.exclude });
    const filteredOut = read.lines.length - kept.length;
    const shown = shapeLines(kept, { timestamps: args.timestamps, label }, ctx.budgetChars - header.length - cuts.join(' ').length - 400);
    if (shown.dropped) cuts.unshift(`${shown.dropped} older lines did not fit this answer; use include, since or a smaller tail`);
    const filter = args.include || args.exclude ? ` (${filteredOut} lines filtered out)` : '';
    const body = shown.lines.length ? frameUntrusted('logs', shown.text) : `(no lines${filter ? ' left after filtering' : ''})`;
    // The view says whether more lines exist; the metric counts only answers that lost lines the user asked for.
    if (shown.dropped > 0 || read.capped.length > 0) ctx.record.truncated = true;
    const truncated = shown.dropped > 0 || read.capped.length > 0 || read.olderLines.length > 0;
    return {
      text: [header, `${shown.lines.length} lines${filter}:`, body, ...cuts.map((c) => `[${c}]`)].join('\n'),
      view: {
        kind: 'logs',
        ref: found.ref,
        ...(containers.length === 1 ? { container: containers[0] } : {}),
        previous: args.previous,
        lines: shown.lines,
        filteredOut,
        truncated,
      },
    };
  },
});
