// rancher_projects: the projects of one cluster that Rancher lets the user see, with the namespaces of each that
// the user can see.
import { TableViewSchema, type TableView } from '@drover/protocol';
import { maskText } from '../../policy/redact';
import { displayName, getCluster } from '../../rancher/clusters';
import { listProjects, namespacesByProject } from '../../rancher/projects';
import { fitTable } from '../../views/table';
import { defineTool } from '../define-tool';

export const rancherProjects = defineTool({
  kind: 'read',
  name: 'rancher_projects',
  title: 'Rancher: projects',
  description: 'Rancher projects of a cluster, with their namespaces.',
  input: {},
  views: [TableViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  available: (config) => config.identity.mode === 'rancher',
  async run(_args, ctx) {
    const cluster = await getCluster(ctx);
    const projects = await listProjects(ctx);
    const namespaces = await namespacesByProject(ctx, cluster);
    const known = namespaces instanceof Map ? namespaces : undefined;
    const names = (project: string) => (known ? (known.get(project) ?? []).join(', ') || '-' : '?');
    const rows: TableView['rows'] = projects.map((p) => {
      const id = p.metadata?.name ?? '';
      return {
        ref: { cluster: ctx.cluster, apiVersion: 'management.cattle.io/v3', kind: 'Project', namespace: ctx.cluster, name: id },
        // A display name is free text anyone who may edit the project typed: masked like other text from a cluster.
        cells: [id, maskText(p.spec?.displayName || id), p.metadata?.state?.name ?? '-', names(id)],
      };
    });
    if (known?.has('')) rows.push({ cells: ['(none)', 'not in a project', '-', names('')] });
    const table: TableView = {
      kind: 'table',
      resource: 'management.cattle.io.projects',
      columns: ['PROJECT', 'NAME', 'STATE', 'NAMESPACES'],
      rows,
      total: projects.length,
      truncated: false,
    };
    const where = `cluster ${displayName(cluster)} (${ctx.cluster})`;
    const note = namespaces instanceof Map ? '' : `\nNamespaces unknown: ${namespaces.unknown}.`;
    if (!rows.length) return { text: `You can see no projects in ${where}.${note}`, view: table };
    const header = `${projects.length === 1 ? '1 project' : `${projects.length} projects`} in ${where}:`;
    const fitted = fitTable(table, ctx.budgetChars - header.length - note.length - 100);
    if (fitted.dropped) ctx.record.truncated = true;
    const more = fitted.dropped ? `\n[${fitted.dropped} more rows not shown]` : '';
    return { text: `${header}\n${fitted.text}${more}${note}`, view: fitted.view };
  },
});
