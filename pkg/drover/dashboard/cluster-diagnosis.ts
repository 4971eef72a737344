// The cluster dashboard card's diagnosis: the whole cluster's (`/diagnose -A`'s tool, read-only, outside any
// session), or the namespaces the user can see when the cluster is refused or the namespace filter picks some; kept
// for a few minutes per cluster so that coming back to the dashboard shows the latest one at once; and the same
// findings as text, for the chat when the user discusses them.
import type { FindingsView, ReadResult } from '@drover/protocol';
import type { ChatController, OpenRequest } from '../chat/controller';
import { DIAGNOSE_TOOL } from '../config/constants';
import type { DashboardNamespaces, Translate } from '../host/types';
import { diagnoseNamespaces, isRefusedEverywhere, type Coverage } from './namespace-diagnosis';

/** How long a diagnosis counts as the latest (the card shows it again without asking the cluster). */
export const LATEST_FOR_MS = 5 * 60_000;

export interface ClusterDiagnosis {
  result: ReadResult;
  /** When it was made (epoch ms). */
  at: number;
  /** Set when it covers only some namespaces (none: the user's roles let Drover read nothing in the cluster). */
  coverage?: Coverage;
}

const latest = new Map<string, ClusterDiagnosis>();

/**
 * The whole cluster, unless the dashboard's namespace filter picks namespaces: then those. When the user's roles
 * refuse every list the whole cluster needs (a project member's usual case), the namespaces the user can see instead.
 */
async function diagnose(chat: ChatController, cluster: string, shown?: DashboardNamespaces): Promise<Omit<ClusterDiagnosis, 'at'>> {
  if (shown?.isFiltered && shown.names.length) return diagnoseNamespaces(chat, cluster, shown.names, 'filter');
  const result = await chat.read({
    tool: DIAGNOSE_TOOL, arguments: {}, cluster
  });

  if (!isRefusedEverywhere(result)) return { result };
  if (!shown?.names.length) {
    return {
      result,
      coverage: {
        reason: 'roles', namespaces: [], of: 0
      }
    };
  }

  return diagnoseNamespaces(chat, cluster, shown.names, 'roles');
}

/** The latest diagnosis of the cluster: the kept one while it is recent, else (or when `fresh`) a new one. */
export async function latestClusterDiagnosis(chat: ChatController, cluster: string, fresh = false, now = Date.now): Promise<ClusterDiagnosis> {
  const shown = chat.host.dashboardNamespaces?.(cluster);
  const key = shown?.isFiltered ? `${ cluster } ${ shown.names.join(',') }` : cluster;
  const kept = latest.get(key);

  if (!fresh && kept && now() - kept.at < LATEST_FOR_MS) return kept;
  const diagnosis = { ...await diagnose(chat, cluster, shown), at: now() };

  latest.set(key, diagnosis);

  return diagnosis;
}

/** Whether the user's roles let Drover read nothing at all in the cluster (not a fault: nothing to diagnose). */
export function isDenied(diagnosis: ClusterDiagnosis): boolean {
  return !!diagnosis.coverage && !diagnosis.coverage.namespaces.length && isRefusedEverywhere(diagnosis.result);
}

/** What a diagnosis of some namespaces covers, in one line (undefined for the whole cluster's). */
export function coverageText(coverage: Coverage | undefined, t: Translate): string | undefined {
  if (!coverage?.namespaces.length) return undefined;
  const some = coverage.namespaces.length < coverage.of ? 'Some' : '';

  return t(`drover.card.scope.${ coverage.reason }${ some }`, {
    namespaces: coverage.namespaces.join(', '), count: coverage.namespaces.length, total: coverage.of
  });
}

/** Forgets every kept diagnosis (for tests). */
export function forgetClusterDiagnoses(): void {
  latest.clear();
}

/** The findings one a line (severity, object, problem, fix): what the chat gets to discuss. */
export function findingsDigest(view: FindingsView, t: Translate): string {
  return view.findings.map((f) => t('drover.card.digestLine', {
    severity: t(`drover.renderers.findings.severity.${ f.severity }`),
    kind:     f.ref.kind,
    object:   f.ref.namespace ? `${ f.ref.namespace }/${ f.ref.name }` : f.ref.name,
    problem:  f.problem,
    fix:      f.fix,
  })).join('\n');
}

/** What "Discuss in the chat" asks: a question, and the findings (after the `about` lines: what was checked) attached. */
export function discussionRequest(view: FindingsView, clusterLabel: string, about: (string | undefined)[], t: Translate): OpenRequest {
  return {
    prompt:  t('drover.card.discussPrompt', { cluster: clusterLabel }),
    context: {
      attachments: [{
        kind:  'text',
        title: t('drover.card.attachment', { cluster: clusterLabel, count: view.findings.length }),
        text:  `${ about.filter(Boolean).join('\n') }\n${ findingsDigest(view, t) }`,
      }],
    },
  };
}
