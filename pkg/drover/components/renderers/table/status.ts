// Which cells of a table say how something is doing, and whether that is good, worth a look, or a problem: pod
// phases and container reasons, node and namespace states, claims, jobs and Helm release statuses.

export type Health = 'good' | 'warning' | 'error';

/** Headers of columns that hold a status word. */
const STATUS_HEADERS = new Set(['STATUS', 'PHASE', 'STATE']);

const GOOD = new Set([
  'running', 'completed', 'complete', 'succeeded', 'ready', 'bound', 'active', 'true', 'deployed', 'available',
  'healthy', 'synced', 'established',
]);

const WARNING = new Set([
  'pending', 'containercreating', 'podinitializing', 'terminating', 'unknown', 'suspended', 'schedulingdisabled',
  'schedulinggated', 'uninstalling', 'progressing', 'waiting', 'containerstatusunknown', 'released',
]);

const ERROR = new Set([
  'crashloopbackoff', 'error', 'imagepullbackoff', 'errimagepull', 'oomkilled', 'failed', 'evicted', 'notready',
  'backofflimitexceeded', 'deadlineexceeded', 'createcontainerconfigerror', 'createcontainererror', 'invalidimagename',
  'runcontainererror', 'startError', 'lost', 'degraded', 'unhealthy', 'preempted', 'nodelost', 'outofcpu', 'outofmemory',
].map((s) => s.toLowerCase()));

const RANK: Record<Health, number> = {
  good: 0, warning: 1, error: 2
};

function classifyWord(word: string): Health | undefined {
  let w = word.trim().toLowerCase();

  if (w.startsWith('init:')) {
    // `Init:0/1` is still starting; `Init:CrashLoopBackOff` is the init container's own problem.
    w = w.slice('init:'.length);
    if (/^\d+\/\d+$/.test(w)) return 'warning';
  }
  if (ERROR.has(w) || w.endsWith('backoff') || w.endsWith('error') || w.startsWith('err') || w.startsWith('fail')) return 'error';
  if (WARNING.has(w) || w.startsWith('pending-')) return 'warning';
  if (GOOD.has(w)) return 'good';

  return undefined;
}

/**
 * How a status value is doing, or undefined when it says nothing either way (`superseded`, `False` of a
 * condition). A list like `Ready,SchedulingDisabled` counts as its worst part.
 */
export function classifyStatus(value: string): Health | undefined {
  let worst: Health | undefined;

  for (const part of value.split(',')) {
    const health = classifyWord(part);

    if (health && (!worst || RANK[health] > RANK[worst])) worst = health;
  }

  return worst;
}

/** A READY cell that is not all there: `0/1` or `False`; a full count stays plain (the status column says it). */
export function classifyReady(value: string): Health | undefined {
  const text = value.trim();
  const count = /^(\d+)\/(\d+)$/.exec(text);

  if (count) return Number(count[1]) < Number(count[2]) ? 'warning' : undefined;

  return text.toLowerCase() === 'false' ? 'warning' : undefined;
}

export type CellClassifier = (value: string) => Health | undefined;

/** For each column, how its cells are classified (undefined for columns that hold no status). */
export function statusClassifiers(columns: readonly string[]): (CellClassifier | undefined)[] {
  return columns.map((column) => {
    const header = column.trim().toUpperCase();

    if (STATUS_HEADERS.has(header)) return classifyStatus;
    if (header === 'READY') return classifyReady;

    return undefined;
  });
}
