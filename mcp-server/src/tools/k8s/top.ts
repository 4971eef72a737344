// k8s_top: live CPU and memory use of pods or nodes, from the Metrics API (metrics-server).
import { TableViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { CommandFailed, ToolError } from '../../errors';
import { anyNamespaceArg, labelSelectorArg, nameArg } from '../../kube/args';
import { kubectl } from '../../kube/invoke';
import { parseTop } from '../../kube/top-output';
import type { KubeAction } from '../../policy/engine';
import { maskError } from '../../policy/redact';
import { fitTable } from '../../views/table';
import { defineTool } from '../define-tool';

const NO_METRICS = /Metrics API not available|could not find the requested resource \(get (pods|nodes)\.metrics\.k8s\.io\)/i;

export const METRICS_MISSING =
  'metrics-server is not installed, or the Metrics API (metrics.k8s.io) is not available in this cluster, ' +
  'so live CPU and memory use cannot be shown. A cluster administrator can install metrics-server; meanwhile ' +
  'k8s_describe shows the requests and limits of pods and the capacity of nodes.';

export const k8sTop = defineTool({
  kind: 'read',
  name: 'k8s_top',
  title: 'Kubernetes: CPU and memory use',
  description: 'CPU and memory use of pods or nodes.',
  input: {
    what: z.enum(['pods', 'nodes']).default('pods'),
    name: nameArg.optional().describe('One pod or node'),
    namespace: anyNamespaceArg,
    labelSelector: labelSelectorArg.optional().describe('e.g. app=web'),
    containers: z.boolean().default(false).describe('Per container (pods only)'),
    sortBy: z.enum(['cpu', 'memory']).optional().describe('Heaviest first'),
  },
  views: [TableViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx) {
    const pods = args.what === 'pods';
    const namespace = pods ? args.namespace : undefined;
    const argv = [
      'top',
      args.what,
      ...(args.name ? [args.name] : []),
      ...(pods ? [namespace ? `--namespace=${namespace}` : '--all-namespaces'] : []),
      ...(args.labelSelector ? [`--selector=${args.labelSelector}`] : []),
      ...(pods && args.containers ? ['--containers'] : []),
      ...(args.sortBy ? [`--sort-by=${args.sortBy}`] : []),
    ];
    const actions: KubeAction[] = pods
      ? [
          {
            verb: args.name ? 'get' : 'list',
            kind: 'PodMetrics',
            group: 'metrics.k8s.io',
            namespace,
            name: args.name,
            clusterScoped: false,
          },
        ]
      : [
          { verb: args.name ? 'get' : 'list', kind: 'NodeMetrics', group: 'metrics.k8s.io', name: args.name, clusterScoped: true },
          { verb: args.name ? 'get' : 'list', kind: 'Node', group: '', name: args.name, clusterScoped: true },
        ];
    const res = await kubectl(ctx, { argv, actions, allowFailure: true });
    if (res.exitCode !== 0) {
      if (NO_METRICS.test(res.stderr)) throw new ToolError(METRICS_MISSING);
      throw new CommandFailed(maskError(res.stderr.trim()) || `kubectl top failed with exit code ${res.exitCode}`);
    }
    const scope = pods ? (namespace ? `namespace ${namespace}` : 'all namespaces') : 'cluster';
    const table = parseTop(res.stdout, { what: args.what, cluster: ctx.cluster, namespace });
    if (!table.rows.length) return { text: `No ${args.what} metrics (${scope}).`, view: table };
    const header = `${table.resource} in ${scope}: ${table.rows.length}${args.sortBy ? `, heaviest ${args.sortBy} first` : ''}`;
    const fitted = fitTable(table, ctx.budgetChars - header.length - 200);
    if (fitted.dropped) ctx.record.truncated = true;
    const more = fitted.dropped ? `\n[${fitted.dropped} more rows; narrow with a namespace or labelSelector, or use sortBy]` : '';
    return { text: `${header}\n${fitted.text}${more}`, view: fitted.view };
  },
});
