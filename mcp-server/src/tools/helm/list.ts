// helm_list: the releases in one namespace or in all, whatever their status (optionally only one status).
import { TableViewSchema, type TableView } from '@drover/protocol';
import { z } from 'zod';
import { helmJson, helmTime, releaseAction, releaseRef } from '../../helm/release';
import { anyNamespaceArg } from '../../kube/args';
import { fitTable } from '../../views/table';
import { defineTool } from '../define-tool';

const STATUSES = [
  'deployed',
  'failed',
  'pending-install',
  'pending-upgrade',
  'pending-rollback',
  'superseded',
  'uninstalled',
  'uninstalling',
  'unknown',
] as const;

/** helm's own default page size, passed explicitly so a full page can be recognised. */
const MAX_RELEASES = 256;

interface Listed {
  name: string;
  namespace: string;
  revision: string;
  updated: string;
  status: string;
  chart: string;
  app_version: string;
}

export const helmList = defineTool({
  kind: 'read',
  name: 'helm_list',
  title: 'Helm: list releases',
  description: 'Helm releases with status, revision and chart.',
  input: {
    namespace: anyNamespaceArg,
    status: z.enum(STATUSES).optional(),
  },
  views: [TableViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx) {
    const answer = await helmJson<Listed[] | null>(ctx, {
      argv: [
        'list',
        args.namespace ? `--namespace=${args.namespace}` : '--all-namespaces',
        '--all',
        `--max=${MAX_RELEASES}`,
        '--output=json',
      ],
      actions: [releaseAction('list', args.namespace)],
    });
    const all = answer ?? []; // helm answers null when there are none
    const releases = all.filter((r) => !args.status || r.status === args.status);
    const view: TableView = {
      kind: 'table',
      resource: 'helm releases',
      columns: ['NAME', 'NAMESPACE', 'REVISION', 'STATUS', 'CHART', 'APP VERSION', 'UPDATED'],
      rows: releases.map((r) => ({
        ref: releaseRef(ctx, r.name, r.namespace),
        cells: [r.name, r.namespace, r.revision, r.status, r.chart, r.app_version, helmTime(r.updated)],
      })),
      total: releases.length,
      truncated: false,
    };
    const scope = `${args.namespace ? `namespace ${args.namespace}` : 'all namespaces'}${args.status ? `, status ${args.status}` : ''}`;
    if (!releases.length) return { text: `No helm releases found (${scope}).`, view };
    const header = `helm releases in ${scope}: ${releases.length}`;
    const fitted = fitTable(view, ctx.budgetChars - header.length - 100);
    if (fitted.dropped) ctx.record.truncated = true;
    const more = [
      fitted.dropped ? `[${fitted.dropped} more releases did not fit; name a namespace or a status]` : '',
      all.length >= MAX_RELEASES ? `[helm returned its maximum of ${MAX_RELEASES} releases; name a namespace to see the rest]` : '',
    ]
      .filter(Boolean)
      .map((line) => `\n${line}`)
      .join('');
    return { text: `${header}\n${fitted.text}${more}`, view: fitted.view };
  },
});
