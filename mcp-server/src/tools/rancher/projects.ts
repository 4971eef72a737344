// rancher_projects: the projects of one cluster that Rancher lets the user see, with their namespaces (those the
// user can see, grouped by the project label Rancher puts on each).
import { TableViewSchema, type TableView } from '@drover/protocol';
import { ToolError } from '../../errors';
import { rancherList } from '../../rancher/api';
import { clusterHealth, displayName, getCluster } from '../../rancher/clusters';
import { fitTable } from '../../views/table';
import { defineTool } from '../define-tool';

const PROJECT_LABEL = 'field.cattle.io/projectId';
const NO_PROJECT = '(none)';

interface Project {
  metadata?: { name?: string; state?: { name?: string } };
  spec?: { displayName?: string };
}

interface Namespace {
  id: string;
  metadata?: { labels?: Record<string, string> };
}

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
    const projects = await rancherList<Project>(ctx, {
      at: 'rancher',
      path: `/v1/management.cattle.io.projects/${ctx.cluster}`,
      actions: [{ verb: 'list', kind: 'Project', group: 'management.cattle.io', namespace: ctx.cluster, clusterScoped: false }],
    });
    // Namespaces live in the cluster itself: only a connected cluster can say which there are.
    let namespaces: Namespace[] | undefined;
    let unknown = `cluster ${ctx.cluster} is not connected to Rancher`;
    if (clusterHealth(cluster).connected) {
      try {
        namespaces = await rancherList<Namespace>(ctx, {
          at: 'cluster',
          path: '/v1/namespaces',
          actions: [{ verb: 'list', kind: 'Namespace', group: '', clusterScoped: true }],
        });
      } catch (err) {
        if (!(err instanceof ToolError)) throw err;
        unknown = err.message;
      }
    }
    const byProject = new Map<string, string[]>();
    for (const ns of namespaces ?? []) {
      const project = ns.metadata?.labels?.[PROJECT_LABEL] || NO_PROJECT;
      byProject.set(project, [...(byProject.get(project) ?? []), ns.id]);
    }
    const names = (project: string) => (namespaces ? (byProject.get(project) ?? []).sort().join(', ') || '-' : '?');
    const rows: TableView['rows'] = projects.map((p) => {
      const id = p.metadata?.name ?? '';
      return {
        ref: { cluster: ctx.cluster, apiVersion: 'management.cattle.io/v3', kind: 'Project', namespace: ctx.cluster, name: id },
        cells: [id, p.spec?.displayName || id, p.metadata?.state?.name ?? '-', names(id)],
      };
    });
    if (byProject.has(NO_PROJECT)) rows.push({ cells: [NO_PROJECT, 'not in a project', '-', names(NO_PROJECT)] });
    const table: TableView = {
      kind: 'table',
      resource: 'management.cattle.io.projects',
      columns: ['PROJECT', 'NAME', 'STATE', 'NAMESPACES'],
      rows,
      total: projects.length,
      truncated: false,
    };
    const where = `cluster ${displayName(cluster)} (${ctx.cluster})`;
    const note = namespaces ? '' : `\nNamespaces unknown: ${unknown.replace(/\.$/, '')}.`;
    if (!rows.length) return { text: `You can see no projects in ${where}.${note}`, view: table };
    const header = `${projects.length === 1 ? '1 project' : `${projects.length} projects`} in ${where}:`;
    const fitted = fitTable(table, ctx.budgetChars - header.length - note.length - 100);
    if (fitted.dropped) ctx.record.truncated = true;
    const more = fitted.dropped ? `\n[${fitted.dropped} more rows not shown]` : '';
    return { text: `${header}\n${fitted.text}${more}${note}`, view: fitted.view };
  },
});
