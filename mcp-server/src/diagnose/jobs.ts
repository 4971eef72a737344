// Jobs that failed (BackoffLimitExceeded, DeadlineExceeded…) and CronJobs whose last run failed. A failed Job of
// a CronJob is reported through its CronJob, and only while it is the CronJob's latest finished run.
import { age } from '../views/printers';
import type { Finding, Inputs, K8sObject } from './types';
import { condition, conditionText, finding, keyOf, sameNamespace } from './util';

const isFailed = (job: K8sObject) => condition(job, 'Failed')?.status === 'True';
const isFinished = (job: K8sObject) => isFailed(job) || condition(job, 'Complete')?.status === 'True';
const ownedBy = (obj: K8sObject, kind: string, name: string) =>
  (obj.metadata?.ownerReferences ?? []).some((o: K8sObject) => o.kind === kind && o.name === name);

function podsOfJob(inputs: Inputs, job: K8sObject): K8sObject[] {
  return (inputs.lists.pods ?? []).filter((p) => sameNamespace(p, job) && ownedBy(p, 'Job', job.metadata.name));
}

const newest = (objs: K8sObject[]) =>
  [...objs].sort((a, b) => Date.parse(b.metadata?.creationTimestamp ?? '') - Date.parse(a.metadata?.creationTimestamp ?? ''))[0];
const newestFailedPod = (pods: K8sObject[]) => newest(pods.filter((p) => p.status?.phase === 'Failed'));

/** The newest failed pod's container exit, the usual pointer to the cause. */
function lastFailure(pods: K8sObject[]): string | undefined {
  const failed = newestFailedPod(pods);
  if (!failed) return undefined;
  const exits = (failed.status?.containerStatuses ?? [])
    .filter((s: K8sObject) => s.state?.terminated)
    .map(
      (s: K8sObject) =>
        `${s.name} exit code ${s.state.terminated.exitCode}${s.state.terminated.reason ? ` (${s.state.terminated.reason})` : ''}`,
    );
  return `last failed pod ${failed.metadata.name}: ${exits.join(', ') || failed.status?.reason || 'no exit recorded'}`;
}

function jobFix(reason: string | undefined, pod: string | undefined): string {
  if (reason === 'DeadlineExceeded')
    return 'it ran longer than activeDeadlineSeconds: make it faster or raise the deadline, then run it again';
  const logs = pod ? `kubectl logs ${pod}` : 'the logs of its failed pods';
  return `its pods keep failing: read ${logs}, fix the command, image or configuration, then re-create the Job`;
}

function jobEvidence(inputs: Inputs, job: K8sObject, pods: K8sObject[]): string[] {
  const failed = condition(job, 'Failed');
  return [
    conditionText(failed),
    `${job.status?.failed ?? 0} failed pods, backoffLimit ${job.spec?.backoffLimit ?? 6}`,
    lastFailure(pods),
    failed?.lastTransitionTime ? `failed ${age(failed.lastTransitionTime, inputs.now)} ago` : undefined,
  ].filter((e): e is string => Boolean(e));
}

function jobFinding(inputs: Inputs, job: K8sObject): Finding {
  const pods = podsOfJob(inputs, job);
  const reason = condition(job, 'Failed')?.reason;
  return finding(inputs, 'jobs', job, {
    severity: 'warning',
    problem: `Failed: ${reason ?? 'the Job failed'}`,
    evidence: jobEvidence(inputs, job, pods),
    fix: jobFix(reason, newestFailedPod(pods)?.metadata.name),
    covers: pods.map((p) => keyOf('pods', p)),
  });
}

function cronJobFinding(inputs: Inputs, cron: K8sObject, jobs: K8sObject[]): Finding | undefined {
  const last = newest(jobs.filter((j) => sameNamespace(j, cron) && ownedBy(j, 'CronJob', cron.metadata.name) && isFinished(j)));
  if (!last || !isFailed(last)) return undefined;
  const pods = podsOfJob(inputs, last);
  const reason = condition(last, 'Failed')?.reason;
  const success = cron.status?.lastSuccessfulTime;
  return finding(inputs, 'cronjobs', cron, {
    severity: 'warning',
    problem: `last run failed: Job ${last.metadata.name} (${reason ?? 'failed'})`,
    evidence: [
      ...jobEvidence(inputs, last, pods),
      success ? `last successful run ${age(success, inputs.now)} ago` : 'no successful run recorded',
    ],
    fix: jobFix(reason, newestFailedPod(pods)?.metadata.name),
    covers: [keyOf('jobs', last), ...pods.map((p) => keyOf('pods', p))],
  });
}

export function analyzeJobs(inputs: Inputs): Finding[] {
  const jobs = inputs.lists.jobs ?? [];
  const standalone = jobs.filter((j) => isFailed(j) && !(j.metadata?.ownerReferences ?? []).some((o: K8sObject) => o.kind === 'CronJob'));
  return [
    ...standalone.map((j) => jobFinding(inputs, j)),
    ...(inputs.lists.cronjobs ?? []).map((c) => cronJobFinding(inputs, c, jobs)).filter((f): f is Finding => Boolean(f)),
  ];
}
