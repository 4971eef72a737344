// helm_get: a release's values (always redacted), manifest (Secrets redacted), notes, or all of them. The values the
// redaction hides are also hidden wherever the notes or the manifest echo them.
import { TextViewSchema, YamlViewSchema, type View } from '@drover/protocol';
import { stringify } from 'yaml';
import { z } from 'zod';
import { releaseArg, revisionArg } from '../../helm/args';
import { redactManifest } from '../../helm/manifest';
import { helmRelease, hiddenValues, releaseAction, releaseManifest, releaseRef, releaseValues } from '../../helm/release';
import { namespaceArg } from '../../kube/args';
import type { ToolContext } from '../../runtime';
import { maskText, maskValues, redactValues } from '../../policy/redact';
import { fitText, frameUntrusted } from '../../views/text';
import { defineTool } from '../define-tool';

const input = {
  release: releaseArg,
  namespace: namespaceArg,
  what: z.enum(['values', 'manifest', 'notes', 'all']).default('values'),
  revision: revisionArg.optional().describe('Default: current'),
  allValues: z.boolean().default(false).describe('values: include chart defaults'),
};
type Args = z.infer<z.ZodObject<typeof input>>;

const HINTS: Record<Args['what'], string> = {
  values: 'the rest is not shown',
  manifest: 'k8s_get shows single objects of the release',
  notes: 'the rest is not shown',
  all: 'ask for one part with what',
};

const revisionFlag = (args: Args) => (args.revision ? [`--revision=${args.revision}`] : []);

async function values(ctx: ToolContext, args: Args): Promise<string> {
  const tree = await releaseValues(ctx, args.release, args.namespace, { all: args.allValues, revision: args.revision });
  return maskText(stringify(redactValues(tree ?? {}), { lineWidth: 0 }));
}

async function notes(ctx: ToolContext, args: Args, hidden: Set<string>): Promise<string> {
  const res = await helmRelease(
    ctx,
    {
      argv: ['get', 'notes', args.release, `--namespace=${args.namespace}`, ...revisionFlag(args)],
      actions: [releaseAction('get', args.namespace, args.release)],
    },
    args.release,
    args.namespace,
  );
  return maskText(maskValues(res.stdout.replace(/^NOTES:\n/, '').trim(), hidden));
}

async function manifest(ctx: ToolContext, args: Args, part: 'manifest' | 'hooks', hidden: Set<string>): Promise<string> {
  return maskText(maskValues(redactManifest(await releaseManifest(ctx, part, args.release, args.namespace, args.revision)), hidden));
}

async function all(ctx: ToolContext, args: Args, hidden: Set<string>): Promise<string> {
  const sections: [string, string][] = [
    ['values (redacted)', await values(ctx, args)],
    ['notes', await notes(ctx, args, hidden)],
    ['manifest (Secrets redacted)', await manifest(ctx, args, 'manifest', hidden)],
    ['hooks', await manifest(ctx, args, 'hooks', hidden)],
  ];
  return sections.map(([title, text]) => `# ${title}\n${text.trim() || '(none)'}`).join('\n\n');
}

async function section(ctx: ToolContext, args: Args): Promise<string> {
  if (args.what === 'values') return values(ctx, args);
  const hidden = await hiddenValues(ctx, args.release, args.namespace, args.revision);
  if (args.what === 'manifest') return manifest(ctx, args, 'manifest', hidden);
  return args.what === 'notes' ? notes(ctx, args, hidden) : all(ctx, args, hidden);
}

export const helmGet = defineTool({
  kind: 'read',
  name: 'helm_get',
  title: 'Helm: get release details',
  description: 'Values, rendered manifest or notes of a Helm release.',
  input,
  views: [YamlViewSchema, TextViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx) {
    const text = await section(ctx, args);
    const what = `${args.what} of release ${args.release}${args.revision ? ` revision ${args.revision}` : ''}`;
    const fitted = fitText(text || '(none)', ctx.budgetChars - 300, HINTS[args.what]);
    if (fitted.truncated) ctx.record.truncated = true;
    const view: View =
      args.what === 'values' || args.what === 'manifest'
        ? { kind: 'yaml', ref: releaseRef(ctx, args.release, args.namespace), format: 'yaml', text, truncated: false }
        : { kind: 'text', title: `Helm ${what}`, text, truncated: false };
    return { text: frameUntrusted(what, fitted.text), view };
  },
});
