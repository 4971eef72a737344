// The cluster dashboard card's diagnosis: the whole cluster's (`/diagnose -A`'s tool, read-only, outside any
// session), kept for a few minutes per cluster so that coming back to the dashboard shows the latest one at once;
// and the same findings as text, for the chat when the user discusses them.
import type { FindingsView, ReadResult } from '@drover/protocol';
import type { ChatController } from '../chat/controller';
import { DIAGNOSE_TOOL } from '../config/constants';
import type { Translate } from '../host/types';

/** How long a diagnosis counts as the latest (the card shows it again without asking the cluster). */
export const LATEST_FOR_MS = 5 * 60_000;

export interface ClusterDiagnosis {
  result: ReadResult;
  /** When it was made (epoch ms). */
  at: number;
}

const latest = new Map<string, ClusterDiagnosis>();

/** The latest diagnosis of the cluster: the kept one while it is recent, else (or when `fresh`) a new one. */
export async function latestClusterDiagnosis(chat: ChatController, cluster: string, fresh = false, now = Date.now): Promise<ClusterDiagnosis> {
  const kept = latest.get(cluster);

  if (!fresh && kept && now() - kept.at < LATEST_FOR_MS) return kept;
  const diagnosis = {
    result: await chat.read({
      tool: DIAGNOSE_TOOL, arguments: {}, cluster
    }),
    at: now()
  };

  latest.set(cluster, diagnosis);

  return diagnosis;
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
