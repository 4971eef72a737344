// The cluster card's diagnosis for a user who may read only some namespaces (most Rancher users: a project's
// members): one k8s_diagnose per namespace (a bounded number, a few at a time), merged into one view as if the
// cluster had been diagnosed, with the namespaces it covers.
import type { FindingsView, ReadResult } from '@drover/protocol';
import type { ChatController } from '../chat/controller';
import { DIAGNOSE_TOOL } from '../config/constants';
import { groupBySeverity } from '../components/renderers/findings/findings';

/** Most namespaces diagnosed one by one (the card names them all, and each is one call to the cluster). */
export const MAX_NAMESPACES = 10;
/** Namespaces diagnosed at the same time. */
const CONCURRENCY = 3;

/** k8s_diagnose's answer when it could list nothing (`could not check anything: Pod (forbidden), …`, maybe cut short). */
const NOTHING_CHECKED = /could not check anything:/;

/** Which namespaces a diagnosis covers when it is not the whole cluster's, and why. */
export interface Coverage {
  /** `roles`: the user's roles refuse the whole cluster; `filter`: the dashboard's namespace filter picks namespaces. */
  reason: 'roles' | 'filter';
  /** The namespaces diagnosed; none when nothing could be read. */
  namespaces: string[];
  /** How many namespaces there were to diagnose (more than `namespaces` when bounded or some were refused). */
  of: number;
}

/** Whether RBAC refused every list the diagnosis needed (not a fault: the user may read nothing there). */
export function isRefusedEverywhere(result: ReadResult): boolean {
  if (!result.isError) return false;
  if (result.forbidden) return true;
  const reasons = [...result.summary.matchAll(/\(([^()]*)\)/g)].map((m) => m[1]);

  return NOTHING_CHECKED.test(result.summary) && reasons.length > 0 && reasons.every((r) => r === 'forbidden');
}

/** Several namespaces' findings as one view: worst first, objects counted per kind, what was not checked once. */
export function mergeFindings(views: FindingsView[]): FindingsView {
  const checked: Record<string, number> = {};
  const unchecked = new Map<string, FindingsView['unchecked'][number]>();

  for (const view of views) {
    for (const [kind, count] of Object.entries(view.checked)) checked[kind] = (checked[kind] ?? 0) + count;
    for (const u of view.unchecked) unchecked.set(`${ u.kind } ${ u.reason }`, u);
  }

  return {
    kind:      'findings',
    findings:  groupBySeverity(views.flatMap((v) => v.findings)).flatMap((g) => g.findings),
    checked,
    unchecked: [...unchecked.values()],
    truncated: views.some((v) => v.truncated),
  };
}

async function diagnoseEach(chat: ChatController, cluster: string, namespaces: string[]): Promise<ReadResult[]> {
  const results: ReadResult[] = [];

  for (let i = 0; i < namespaces.length; i += CONCURRENCY) {
    results.push(...await Promise.all(namespaces.slice(i, i + CONCURRENCY).map((namespace) => chat.read({
      tool: DIAGNOSE_TOOL, arguments: { namespace }, cluster
    }))));
  }

  return results;
}

/**
 * Diagnoses the first MAX_NAMESPACES of `namespaces` one by one. The result is their merged findings; or, when none
 * could be diagnosed, the first failure that was not an RBAC refusal, else a refusal (coverage with no namespace).
 */
export async function diagnoseNamespaces(
  chat: ChatController, cluster: string, namespaces: string[], reason: Coverage['reason']
): Promise<{ result: ReadResult; coverage: Coverage }> {
  const tried = namespaces.slice(0, MAX_NAMESPACES);
  const results = await diagnoseEach(chat, cluster, tried);
  const covered = tried.filter((_, i) => results[i].structured?.kind === 'findings');
  const coverage = {
    reason, namespaces: covered, of: namespaces.length
  };

  if (!covered.length) {
    const result = results.find((r) => !isRefusedEverywhere(r)) ?? results[0] ?? {
      isError: true, summary: '', forbidden: true
    };

    return { result, coverage: { ...coverage, namespaces: [] } };
  }
  const views = results.flatMap((r) => (r.structured?.kind === 'findings' ? [r.structured] : []));

  return {
    result: {
      isError: false, summary: '', structured: mergeFindings(views)
    },
    coverage
  };
}
