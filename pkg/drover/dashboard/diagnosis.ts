// A detail page's one-click diagnosis: the object's diagnosis commands (asks.ts) run one after another as direct
// commands through the backend's chat API (no model), in one new session the chat can continue; their events fold
// into steps with the panel's own reducer, and the findings that concern the object are picked out.
import type { ChatContext, DescribeView, FindingsView, ObjectRef } from '@drover/protocol';
import type { BackendApi } from '../chat/backend-api';
import { foldEvents, stepsOf, type StepState } from '../chat/conversation';
import type { Finding } from '../components/renderers/findings/findings';
import { diagnosisCommands } from './asks';
import type { DroverTarget } from './resource-types';

export interface Diagnosis {
  /** The session the commands ran in: the chat continues it. */
  sessionId: string;
  /** Every tool call, in order, with its result. */
  steps: StepState[];
  /** What went wrong outside a tool call (a command the backend refused, the tools unreachable). */
  errors: string[];
  /** The namespace's diagnosis, and its findings about this object (all of them for a release's namespace). */
  findings?: { step: StepState; view: FindingsView; concerning: Finding[] };
}

/** Kinds an object's own problems show up on under its name (a workload's pods, replica sets and jobs). */
const CHILD_KINDS = new Set(['pod', 'replicaset', 'job']);

const sameObject = (a: ObjectRef, b: ObjectRef) => a.kind.toLowerCase() === b.kind.toLowerCase() && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');

/**
 * The findings about the object: its own, its owners' (a pod's deployment), its pods' (as its description lists
 * them), and those of objects named after it in its namespace (a cron job's jobs and their pods).
 */
export function findingsConcerning(findings: Finding[], target: DroverTarget, describe?: DescribeView): Finding[] {
  if (target.type.diagnosis === 'release') return findings;
  const { ref } = target;
  const related = [ref, ...(describe?.owners ?? []), ...(describe?.pods?.rows.flatMap((r) => (r.ref ? [r.ref] : [])) ?? [])];
  const namedAfter = (f: Finding) => f.ref.namespace === ref.namespace && CHILD_KINDS.has(f.ref.kind.toLowerCase()) && f.ref.name.startsWith(`${ ref.name }-`);

  return findings.filter((f) => related.some((r) => sameObject(r, f.ref)) || (ref.namespace !== undefined && namedAfter(f)));
}

const viewOf = <K extends 'findings' | 'describe'>(steps: StepState[], kind: K) => {
  const step = steps.find((s) => s.result?.structured?.kind === kind);

  return step && { step, view: step.result!.structured as Extract<NonNullable<StepState['result']>['structured'], { kind: K }> };
};

export async function runDiagnosis(api: BackendApi, target: DroverTarget): Promise<Diagnosis> {
  const { ref } = target;
  const context: ChatContext = {
    ...(ref.cluster ? { cluster: ref.cluster } : {}), ...(ref.namespace ? { namespace: ref.namespace } : {}), resources: [ref]
  };
  let sessionId: string | undefined;
  let conversation = foldEvents([]);

  for (const text of diagnosisCommands(target)) {
    const reply = await api.chat({
      text, context, ...(sessionId ? { sessionId } : {})
    });

    sessionId = reply.sessionId;
    conversation = foldEvents(reply.events, conversation);
  }
  const steps = conversation.turns.flatMap(stepsOf);
  const errors = conversation.turns.flatMap((turn) => turn.items.flatMap((i) => (i.kind === 'error' ? [i.message] : [])));
  const findings = viewOf(steps, 'findings');

  return {
    sessionId: sessionId!,
    steps,
    errors,
    ...(findings ? { findings: { ...findings, concerning: findingsConcerning(findings.view.findings, target, viewOf(steps, 'describe')?.view) } } : {}),
  };
}
