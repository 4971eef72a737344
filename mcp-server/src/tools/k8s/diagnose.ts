// k8s_diagnose: one call that finds what is wrong in a namespace or the whole cluster, with the evidence for each
// problem and its likely fix (deterministic analyzers over one list per kind; see src/diagnose/).
import { FindingsViewSchema } from '@drover/protocol';
import { z } from 'zod';
import { ToolError } from '../../errors';
import { namespaceArg } from '../../kube/args';
import { analyze } from '../../diagnose/analyze';
import { fetchLists, previousLogs } from '../../diagnose/fetch';
import { maskFinding, render } from '../../diagnose/report';
import { CHECKED, FAMILIES, LISTS, NEEDS, type Family, type Finding } from '../../diagnose/types';
import { inputsOf } from '../../diagnose/util';
import type { ToolContext } from '../../runtime';
import { defineTool } from '../define-tool';

/** Crashed containers whose previous logs are fetched (one kubectl logs call each). */
const MAX_LOG_FETCHES = 5;

/** Nodes are cluster-wide: checked for the whole cluster, or in a namespace when asked for by name. */
function familiesFor(namespace: string | undefined, kinds: Family[] | undefined): Set<Family> {
  return new Set(kinds ?? FAMILIES.filter((f) => f !== 'nodes' || !namespace));
}

async function addPreviousLogs(ctx: ToolContext, findings: Finding[]): Promise<void> {
  const crashed = findings.filter((f) => f.logs).slice(0, MAX_LOG_FETCHES);
  await Promise.all(
    crashed.map(async (f) => {
      f.evidence.splice(f.logs!.at, 0, ...(await previousLogs(ctx, f.logs!)));
    }),
  );
}

export const k8sDiagnose = defineTool({
  kind: 'read',
  name: 'k8s_diagnose',
  title: 'Kubernetes: diagnose problems',
  description: 'What is broken in a namespace or the whole cluster, with evidence and likely fixes: start here.',
  input: {
    namespace: namespaceArg.optional().describe('Omit for the whole cluster'),
    kinds: z.array(z.enum(FAMILIES)).min(1).max(FAMILIES.length).optional().describe('Only these checks'),
    maxFindings: z.number().int().min(1).max(200).default(50),
  },
  views: [FindingsViewSchema],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, ctx) {
    const families = familiesFor(args.namespace, args.kinds);
    const names = [...new Set([...families].flatMap((f) => NEEDS[f]))];
    const { lists, unchecked } = await fetchLists(ctx, names, args.namespace);
    if (unchecked.length === names.length) {
      throw new ToolError(`could not check anything: ${unchecked.map((u) => `${u.kind} (${u.reason})`).join(', ')}`);
    }
    const { findings, omittedEvents } = analyze(inputsOf(ctx.cluster, lists, Date.now()), families);
    await addPreviousLogs(ctx, findings);
    const checked = Object.fromEntries(CHECKED.filter((n) => lists[n]).map((n) => [LISTS[n].kind, lists[n]!.length]));
    const { text, view, textTruncated } = render(
      {
        namespace: args.namespace,
        findings: findings.map(maskFinding),
        checked,
        unchecked,
        omittedEvents,
        maxFindings: args.maxFindings,
      },
      ctx.budgetChars,
    );
    if (textTruncated || view.truncated) ctx.record.truncated = true;
    return { text, view };
  },
});
