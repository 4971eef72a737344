// helm_status: one release at a glance: status, revision, chart, when and why it last changed, and its notes (with
// the values that helm_get values hides hidden here too).
import { TextViewSchema } from '@drover/protocol';
import { releaseArg } from '../../helm/args';
import { helmJson, helmTime, hiddenValues, releaseAction, releaseHistory } from '../../helm/release';
import { namespaceArg } from '../../kube/args';
import { maskText, maskValues } from '../../policy/redact';
import { fitText, frameUntrusted } from '../../views/text';
import { defineTool } from '../define-tool';

interface Status {
  name: string;
  namespace: string;
  version: number;
  info?: { status?: string; last_deployed?: string; description?: string; notes?: string };
}

export const helmStatus = defineTool({
  kind: 'read',
  name: 'helm_status',
  title: 'Helm: release status',
  description: 'Status, revision, chart and notes of a Helm release.',
  input: {
    release: releaseArg,
    namespace: namespaceArg,
  },
  views: [TextViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx) {
    // helm status answers with the release's values and manifest too; only the summary fields are used.
    const status = await helmJson<Status>(
      ctx,
      {
        argv: ['status', args.release, `--namespace=${args.namespace}`, '--output=json'],
        actions: [releaseAction('get', args.namespace, args.release)],
      },
      { name: args.release, namespace: args.namespace },
    );
    const [latest] = await releaseHistory(ctx, args.release, args.namespace, 1);
    const hidden = await hiddenValues(ctx, args.release, args.namespace);
    const mask = (text: string) => maskText(maskValues(text, hidden));
    const summary = [
      `Release ${status.name} in namespace ${status.namespace}`,
      `Status: ${status.info?.status ?? 'unknown'}`,
      `Revision: ${status.version}`,
      `Chart: ${latest?.chart ?? 'unknown'}`,
      `App version: ${latest?.app_version || 'none'}`,
      `Last deployed: ${helmTime(status.info?.last_deployed)}`,
      `Description: ${mask(status.info?.description ?? '')}`,
    ].join('\n');
    const notes = mask(String(status.info?.notes ?? '').trim());
    const fitted = fitText(notes, ctx.budgetChars - summary.length - 300, 'helm_get with what=notes shows them alone');
    if (fitted.truncated) ctx.record.truncated = true;
    return {
      text: notes ? `${summary}\n${frameUntrusted('chart notes', fitted.text)}` : `${summary}\nNotes: none`,
      view: {
        kind: 'text',
        title: `Helm release ${status.name}`,
        text: notes ? `${summary}\n\nNotes:\n${notes}` : summary,
        truncated: false,
      },
    };
  },
});
