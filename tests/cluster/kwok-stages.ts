// kwok "stages": how fake pods move through their lifecycle. kwok applies the first stage whose selector matches.
// Healthy pods become Running and Ready; pods annotated `drover.test/fault: <fault>` show that fault the way a
// kubelet would report it (statuses, restart counts, last termination state, a Warning event), so tools and
// tests see real-looking broken workloads.

export const FAULT_ANNOTATION = 'drover.test/fault';
export const FAULTS = ['crashloop', 'oomkilled', 'image-pull', 'unready', 'job-fail'] as const;
export type Fault = (typeof FAULTS)[number];

interface StageSpec {
  name: string;
  selector: { matchAnnotations?: Record<string, string>; matchExpressions?: object[] };
  next: object;
}

const NOT_DELETING = { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' };
const NOT_STARTED = { key: '.status.podIP', operator: 'DoesNotExist' };
const NO_FAULT = { key: `.metadata.annotations["${FAULT_ANNOTATION}"]`, operator: 'DoesNotExist' };
const OWNED_BY_JOB = { key: '.metadata.ownerReferences.[].kind', operator: 'In', values: ['Job'] };
const RUNNING = { key: '.status.phase', operator: 'In', values: ['Running'] };
const STARTED_ALREADY = { key: '.status.podIP', operator: 'Exists' };
const NOT_READY = { key: '.status.conditions.[] | select( .type == "Ready" ) | .status', operator: 'In', values: ['False'] };

/** Status fields every started pod gets: addresses and start time (Go template, rendered by kwok). */
const STARTED = `
hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}
startTime: {{ Now | Quote }}`;

function conditions(ready: boolean): string {
  const status = ready ? '"True"' : '"False"';
  const reason = ready ? '' : '\n  reason: ContainersNotReady';
  return `
conditions:
- {type: PodScheduled, status: "True", lastTransitionTime: {{ Now | Quote }}}
- {type: Initialized, status: "True", lastTransitionTime: {{ Now | Quote }}}
- type: Ready
  status: ${status}
  lastTransitionTime: {{ Now | Quote }}${reason}
- type: ContainersReady
  status: ${status}
  lastTransitionTime: {{ Now | Quote }}${reason}`;
}

/** One containerStatuses entry per container, with the given state block (YAML, indented under the entry). */
function containerStatuses(fields: string): string {
  return `
containerStatuses:
{{ range .spec.containers }}
- name: {{ .name | Quote }}
  image: {{ .image | Quote }}
  imageID: ""
${fields.trim().split('\n').map((l) => `  ${l}`).join('\n')}
{{ end }}`;
}

function template(...parts: string[]): string {
  return parts.join('\n');
}

const READY_STATUSES = containerStatuses(`
ready: true
started: true
restartCount: 0
state:
  running:
    startedAt: {{ Now | Quote }}`);

const restarting = (reason: string, exitCode: number) => containerStatuses(`
ready: false
started: false
restartCount: 5
state:
  waiting:
    reason: CrashLoopBackOff
    message: 'back-off 2m40s restarting failed container={{ .name }}'
lastState:
  terminated:
    exitCode: ${exitCode}
    reason: ${reason}
    startedAt: {{ Now | Quote }}
    finishedAt: {{ Now | Quote }}`);

const BACK_OFF = { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container' };

/** A pod annotated with this fault gets this status (once, when it starts) and optionally a Warning event. */
function faultStage(fault: Fault, statusTemplate: string, event?: object): StageSpec {
  return {
    name: `pod-${fault}`,
    selector: { matchAnnotations: { [FAULT_ANNOTATION]: fault }, matchExpressions: [NOT_DELETING, NOT_STARTED] },
    next: { statusTemplate, ...(event ? { event } : {}) },
  };
}

const stages: StageSpec[] = [
  {
    name: 'pod-ready',
    selector: { matchExpressions: [NOT_DELETING, NOT_STARTED, NO_FAULT] },
    next: {
      statusTemplate: template('phase: Running', STARTED, conditions(true), READY_STATUSES),
    },
  },
  {
    // A kubelet reports a healthy pod Ready again after its node recovers (the node controller marks pods of a
    // NotReady node unready); without this, one node blip would leave healthy pods unready for good.
    name: 'pod-ready-again',
    selector: { matchExpressions: [NOT_DELETING, RUNNING, STARTED_ALREADY, NOT_READY, NO_FAULT] },
    next: { statusTemplate: template(conditions(true), READY_STATUSES) },
  },
  {
    name: 'pod-complete',
    selector: { matchExpressions: [NOT_DELETING, RUNNING, OWNED_BY_JOB, NO_FAULT] },
    next: {
      statusTemplate: template('phase: Succeeded', containerStatuses(`
ready: false
started: false
restartCount: 0
state:
  terminated:
    exitCode: 0
    reason: Completed
    startedAt: {{ Now | Quote }}
    finishedAt: {{ Now | Quote }}`)),
    },
  },
  faultStage('crashloop', template('phase: Running', STARTED, conditions(false), restarting('Error', 1)), BACK_OFF),
  faultStage('oomkilled', template('phase: Running', STARTED, conditions(false), restarting('OOMKilled', 137)), BACK_OFF),
  faultStage('image-pull', template('phase: Pending', STARTED, conditions(false), containerStatuses(`
ready: false
started: false
restartCount: 0
state:
  waiting:
    reason: ImagePullBackOff
    message: 'Back-off pulling image "{{ .image }}"'`)),
  { type: 'Warning', reason: 'Failed', message: 'Failed to pull image: rpc error: code = NotFound desc = failed to resolve reference: not found' }),
  faultStage('unready', template('phase: Running', STARTED, conditions(false), containerStatuses(`
ready: false
started: true
restartCount: 0
state:
  running:
    startedAt: {{ Now | Quote }}`)),
  { type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503' }),
  faultStage('job-fail', template('phase: Failed', STARTED, conditions(false), containerStatuses(`
ready: false
started: false
restartCount: 0
state:
  terminated:
    exitCode: 2
    reason: Error
    startedAt: {{ Now | Quote }}
    finishedAt: {{ Now | Quote }}`))),
  {
    name: 'pod-delete',
    selector: { matchExpressions: [{ key: '.metadata.deletionTimestamp', operator: 'Exists' }] },
    next: { finalizers: { empty: true }, delete: true },
  },
];

/** The kwok --config document stream (JSON documents are valid YAML). */
export function kwokConfig(): string {
  return stages.map((s) => JSON.stringify({
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Stage',
    metadata: { name: s.name },
    spec: { resourceRef: { apiGroup: 'v1', kind: 'Pod' }, selector: s.selector, next: s.next },
  }, null, 2)).join('\n---\n') + '\n';
}
