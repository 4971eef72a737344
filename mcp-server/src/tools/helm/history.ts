// helm_history: the revisions of one release (what helm_rollback can return to).
import { TableViewSchema, type TableView } from '@drover/protocol';
import { z } from 'zod';
import { releaseArg } from '../../helm/args';
import { helmTime, releaseHistory, releaseRef } from '../../helm/release';
import { namespaceArg } from '../../kube/args';
import { maskText } from '../../policy/redact';
import { fitTable } from '../../views/table';
import { frameUntrusted } from '../../views/text';
import { defineTool } from '../define-tool';

export const helmHistory = defineTool({
  kind: 'read',
  name: 'helm_history',
  title: 'Helm: release history',
  description: 'Revisions of a Helm release, newest last.',
  input: {
    release: releaseArg,
    namespace: namespaceArg,
    max: z.number().int().min(1).max(256).default(20).describe('Most revisions'),
  },
  views: [TableViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx) {
    const revisions = await releaseHistory(ctx, args.release, args.namespace, args.max);
    const view: TableView = {
      kind: 'table',
      resource: 'helm revisions',
      columns: ['REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION', 'DESCRIPTION'],
      rows: revisions.map((r) => ({
        ref: releaseRef(ctx, args.release, args.namespace),
        cells: [String(r.revision), helmTime(r.updated), r.status, r.chart, r.app_version, maskText(r.description)],
      })),
      truncated: false,
    };
    const header = `Revisions of ${args.release} in namespace ${args.namespace}: ${revisions.length}`;
    // Newest first, so the rows that fit the budget are the ones that matter.
    const fitted = fitTable({ ...view, rows: [...view.rows].reverse() }, ctx.budgetChars - header.length - 200);
    if (fitted.dropped) ctx.record.truncated = true;
    const more = fitted.dropped ? `\n[${fitted.dropped} older revisions did not fit; use a smaller max]` : '';
    // Descriptions are free text that whoever ran helm may have written.
    return { text: `${header}\n${frameUntrusted('revisions, newest first', fitted.text)}${more}`, view };
  },
});
