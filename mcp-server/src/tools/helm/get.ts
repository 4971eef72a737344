// helm_get: a release's values (always redacted), manifest (Secrets redacted), notes, or all of them.
import { TextViewSchema, YamlViewSchema, type View } from '@drover/protocol';
import { stringify } from 'yaml';
import { z } from 'zod';
import { releaseArg, revisionArg } from '../../helm/args';
import { redactManifest } from '../../helm/manifest';
import { helmJson, helmRelease, releaseAction, releaseManifest, releaseRef } from '../../helm/release';
import { namespaceArg } from '../../kube/args';
import type { ToolContext } from '../../runtime';
import { maskText, redactValues } from '../../policy/redact';
import { fitText, frameUntrusted } from '../../views/text';
import { defineTool } from '../define-tool';

const input = {
  release: releaseArg.describe('Release name'),
  namespace: namespaceArg.describe('Namespace of the release'),
  what: z.enum(['values', 'manifest', 'notes', 'all']).default('values').describe('values, manifest, notes, or all of them'),
  revision: revisionArg.optional().describe('Revision (default: the current one)'),
  allValues: z.boolean().default(false).describe('values: include the chart defaults, not only the values given at install/upgrade'),
};
type Args = z.infer<z.ZodObject<typeof input>>;

const HINTS: Record<Args['what'], string> = {
  values: 'the rest is not shown', manifest: 'k8s_get shows single objects of the release',
  notes: 'the rest is not shown', all: 'ask for one part with what',
};

const revisionFlag = (args: Args) => (args.revision ? [`--revision=${args.revision}`] : []);

async function values(ctx: ToolContext, args: Args): Promise<string> {
  const tree = await helmJson<Record<string, unknown> | null>(ctx, {
    argv: ['get', 'values', args.release, `--namespace=${args.namespace}`, ...revisionFlag(args), ...(args.allValues ? ['--all'] : []), '--output=json'],
    actions: [releaseAction('get', args.namespace, args.release)],
  }, { name: args.release, namespace: args.namespace });
  return maskText(stringify(redactValues(tree ?? {}), { lineWidth: 0 }));
}

async function notes(ctx: ToolContext, args: Args): Promise<string> {
  const res = await helmRelease(ctx, {
    argv: ['get', 'notes', args.release, `--namespace=${args.namespace}`, ...revisionFlag(args)],
    actions: [releaseAction('get', args.namespace, args.release)],
  }, args.release, args.namespace);
  return maskText(res.stdout.replace(/^NOTES:\n/, '').trim());
}

async function manifest(ctx: ToolContext, args: Args, part: 'manifest' | 'hooks'): Promise<string> {
  return maskText(redactManifest(await releaseManifest(ctx, part, args.release, args.namespace, args.revision)));
}

async function all(ctx: ToolContext, args: Args): Promise<string> {
  const sections: [string, string][] = [
    ['values (redacted)', await values(ctx, args)], ['notes', await notes(ctx, args)],
    ['manifest (Secrets redacted)', await manifest(ctx, args, 'manifest')], ['hooks', await manifest(ctx, args, 'hooks')],
  ];
  return sections.map(([title, text]) => `# ${title}\n${text.trim() || '(none)'}`).join('\n\n');
}

export const helmGet = defineTool({
  kind: 'read',
  name: 'helm_get',
  title: 'Helm: get release details',
  description: 'Show a Helm release\'s values, rendered manifest or notes (what=values|manifest|notes|all). Secrets are redacted.',
  input,
  views: [YamlViewSchema, TextViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx) {
    const text = args.what === 'values' ? await values(ctx, args)
      : args.what === 'manifest' ? await manifest(ctx, args, 'manifest')
        : args.what === 'notes' ? await notes(ctx, args) : await all(ctx, args);
    const what = `${args.what} of release ${args.release}${args.revision ? ` revision ${args.revision}` : ''}`;
    const fitted = fitText(text || '(none)', ctx.budgetChars - 300, HINTS[args.what]);
    if (fitted.truncated) ctx.record.truncated = true;
    const view: View = args.what === 'values' || args.what === 'manifest'
      ? { kind: 'yaml', ref: releaseRef(ctx, args.release, args.namespace), format: 'yaml', text, truncated: false }
      : { kind: 'text', title: `Helm ${what}`, text, truncated: false };
    return { text: frameUntrusted(what, fitted.text), view };
  },
});
