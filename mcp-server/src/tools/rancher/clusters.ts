// rancher_clusters: the clusters Rancher lets the user see, each marked healthy or not (Ready and Connected).
import { TableViewSchema, type TableView } from '@drover/protocol';
import { clusterHealth, displayName, listClusters, problemText } from '../../rancher/clusters';
import { fitTable } from '../../views/table';
import { defineTool } from '../define-tool';

const COLUMNS = ['CLUSTER', 'NAME', 'HEALTHY', 'STATE', 'KUBERNETES', 'PROVIDER', 'NODES', 'PROBLEM'];

export const rancherClusters = defineTool({
  kind: 'read',
  name: 'rancher_clusters',
  title: 'Rancher: clusters',
  description: 'The Rancher clusters you can see, with health, version and nodes.',
  input: {},
  views: [TableViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  available: (config) => config.identity.mode === 'rancher',
  acrossClusters: true,
  async run(_args, ctx) {
    const clusters = (await listClusters(ctx)).sort((a, b) => displayName(a).localeCompare(displayName(b)));
    const rows = clusters.map((c) => {
      const health = clusterHealth(c);
      const cells = [
        c.id,
        displayName(c),
        health.healthy ? 'yes' : 'NO',
        c.metadata?.state?.name ?? '-',
        c.status?.version?.gitVersion || '-',
        c.status?.provider || c.status?.driver || '-',
        c.status?.nodeCount === undefined ? '-' : String(c.status.nodeCount),
        problemText(health),
      ];
      return { ref: { cluster: c.id, apiVersion: 'management.cattle.io/v3', kind: 'Cluster', name: c.id }, cells, healthy: health.healthy };
    });
    const table: TableView = {
      kind: 'table',
      resource: 'management.cattle.io.clusters',
      columns: COLUMNS,
      rows: rows.map(({ ref, cells }) => ({ ref, cells })),
      total: rows.length,
      truncated: false,
    };
    if (!rows.length) return { text: 'Rancher shows you no clusters.', view: table };
    const unhealthy = rows.filter((r) => !r.healthy).map((r) => r.cells[1]);
    const count = rows.length === 1 ? '1 cluster' : `${rows.length} clusters`;
    const header = unhealthy.length
      ? `${count}; not Ready or not Connected: ${unhealthy.join(', ')}.`
      : `${count}, ${rows.length === 1 ? '' : 'all '}Ready and Connected.`;
    const fitted = fitTable(table, ctx.budgetChars - header.length - 100);
    if (fitted.dropped) ctx.record.truncated = true;
    const more = fitted.dropped ? `\n[${fitted.dropped} more clusters not shown]` : '';
    return { text: `${header}\n${fitted.text}${more}`, view: fitted.view };
  },
});
