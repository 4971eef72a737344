// Whether a condition or a pod status is good news: the judgement an operator makes at a glance, in one place.

export type Health = 'good' | 'bad' | 'unknown';

/**
 * Conditions that report a problem when True (node pressure, a failed job, a replica set that cannot create pods).
 * Most conditions (Ready, Available, Initialized, PodScheduled, Complete, Progressing…) are good when True.
 */
const BAD_WHEN_TRUE = new Set([
  'memorypressure', 'diskpressure', 'pidpressure', 'networkunavailable', 'replicafailure', 'failed', 'failuretarget',
  'disruptiontarget', 'degraded', 'stalled', 'kerneldeadlock', 'readonlyfilesystem', 'frequentkubeletrestart',
  'frequentdockerrestart', 'frequentcontainerdrestart', 'corruptdockeroverlay2', 'terminating', 'outofdisk',
]);
/** Families of custom conditions that follow the same rule (e.g. `ConfigMapPressure`, `UpgradeFailed`). */
const BAD_SUFFIXES = ['pressure', 'failure', 'failed', 'unavailable', 'error', 'degraded'];

export function isProblemWhenTrue(type: string): boolean {
  const name = type.toLowerCase();

  return BAD_WHEN_TRUE.has(name) || BAD_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** A condition's health: True is good, False bad, except for conditions that are problems when True. */
export function conditionHealth(type: string, status: string): Health {
  const value = status.toLowerCase();

  if (value !== 'true' && value !== 'false') return 'unknown';

  return (value === 'true') !== isProblemWhenTrue(type) ? 'good' : 'bad';
}

const GOOD_STATUSES = new Set(['running', 'completed', 'succeeded', 'ready', 'active', 'bound', 'available']);
const PENDING_STATUSES = new Set(['pending', 'containercreating', 'podinitializing', 'terminating', 'unknown', 'notready', 'schedulinggated']);

/** A pod's STATUS as `kubectl get pods` prints it (Running, CrashLoopBackOff, Init:0/1…). */
export function podStatusHealth(status: string): Health {
  const value = status.trim().toLowerCase();

  if (GOOD_STATUSES.has(value)) return 'good';
  if (PENDING_STATUSES.has(value) || (value.startsWith('init:') && !/err|backoff|crash/.test(value))) return 'unknown';

  return 'bad';
}
