// k8s_explain: the documentation of a kind or one of its fields, from the cluster's own OpenAPI schema.
import { TextViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { kindArg } from '../../kube/args';
import { apiVersionOf } from '../../kube/discovery';
import { kubectl } from '../../kube/invoke';
import { explainFieldArg } from '../../kube/read-args';
import { maskText } from '../../policy/redact';
import { fitText, frameUntrusted } from '../../views/text';
import { defineTool } from '../define-tool';

export const k8sExplain = defineTool({
  kind: 'read',
  name: 'k8s_explain',
  title: 'Kubernetes: explain a field',
  description: 'What a kind or field means, and its fields.',
  input: {
    kind: kindArg.describe('e.g. deployment or certificates.cert-manager.io'),
    field: explainFieldArg.optional().describe('e.g. spec.strategy'),
    recursive: z.boolean().default(false),
  },
  views: [TextViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx) {
    const resource = await ctx.rt.discovery.resolve(ctx, args.kind);
    const target = args.field ? `${resource.name}.${args.field}` : resource.name;
    const res = await kubectl(ctx, {
      // --api-version: the group discovery chose, in case another group serves the same plural name.
      argv: ['explain', target, `--api-version=${apiVersionOf(resource)}`, ...(args.recursive ? ['--recursive'] : [])],
      actions: [{ verb: 'get', kind: 'OpenAPISchema', group: '', clusterScoped: true }],
    });
    const text = maskText(res.stdout.trim());
    const narrower = args.recursive ? 'explain a deeper field, or drop recursive' : 'explain a deeper field';
    const fitted = fitText(text, ctx.budgetChars - 300, narrower);
    if (fitted.truncated) ctx.record.truncated = true;
    const title = `${resource.kind}${args.field ? `.${args.field}` : ''} (${resource.group ? `${resource.group}/` : ''}${resource.version})`;
    // CRD schemas are written by whoever installed the CRD: framed like any other cluster content.
    return {
      text: frameUntrusted(`field documentation of ${title}`, fitted.text),
      view: { kind: 'text', title, text: fitted.text, truncated: fitted.truncated },
    };
  },
});
