// What Drover is asked about an object from the dashboard (a list's row actions, a failing badge, a detail page):
// each ask is a prompt for the chat, with the object attached. Diagnosis and logs are direct commands (`/diagnose`,
// `/describe`, `/helm status`, `/logs`): they run without a model. "Explain this" is a question for the model.
import type { OpenRequest } from '../chat/controller';
import type { Translate } from '../host/types';
import type { DroverTarget, DroverType } from './resource-types';

export interface Ask {
  id: 'why-failing' | 'explain' | 'logs';
  labelKey: string;
  icon: string;
  appliesTo(type: DroverType): boolean;
  request(target: DroverTarget, t: Translate): OpenRequest;
}

const namespaceFlag = ({ ref }: DroverTarget) => (ref.namespace ? ` -n ${ ref.namespace }` : '');

/** The direct commands that diagnose the object, in the order they run (see DiagnosisMode). */
export function diagnosisCommands(target: DroverTarget): string[] {
  const { type, ref } = target;
  const describe = `/describe ${ type.kind }/${ ref.name }${ namespaceFlag(target) }`;

  switch (type.diagnosis) {
  case 'namespace':
    return [`/diagnose ${ ref.namespace }`, describe];
  case 'release':
    return [`/helm status ${ ref.name }${ namespaceFlag(target) }`, `/diagnose ${ ref.namespace }`];
  default:
    return [describe];
  }
}

/** `/logs` of a pod by its name, of a workload by `<kind>/<name>` (its pods' logs). */
export function logsCommand(target: DroverTarget): string {
  const { type, ref } = target;
  const object = type.kind === 'pod' ? ref.name : `${ type.kind }/${ ref.name }`;

  return `/logs ${ object }${ namespaceFlag(target) }`;
}

const withObject = (target: DroverTarget, prompt: string): OpenRequest => ({
  prompt, context: { resources: [target.ref] }, autoSubmit: true
});

export const WHY_FAILING: Ask = {
  id:        'why-failing',
  labelKey:  'drover.ask.whyFailing',
  icon:      'icon-ai',
  appliesTo: () => true,
  request:   (target) => withObject(target, diagnosisCommands(target)[0]),
};

export const ASKS: readonly Ask[] = [
  WHY_FAILING,
  {
    id:        'explain',
    labelKey:  'drover.ask.explain',
    icon:      'icon-info',
    appliesTo: () => true,
    request:   (target, t) => withObject(target, t('drover.ask.explainPrompt', {
      kind: target.ref.kind, name: target.ref.name, namespace: target.ref.namespace ?? '', namespaced: target.ref.namespace ? 'yes' : 'no',
    })),
  },
  {
    id:        'logs',
    labelKey:  'drover.ask.logs',
    icon:      'icon-file',
    appliesTo: (type) => type.hasLogs,
    request:   (target) => withObject(target, logsCommand(target)),
  },
];
