// Small pieces of kubectl's printing that summaries and findings reuse: ages and a pod's STATUS. (Lists themselves
// are printed by the API server: views/server-table.ts; projected fields are read by kube/field-path.ts.)
/* eslint-disable @typescript-eslint/no-explicit-any */

type K8sObject = any;

export function age(timestamp: string | undefined, now: number): string {
  if (!timestamp) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
  if (d < 730) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
}

/** The STATUS kubectl shows for a pod: the most telling container reason, not just the phase. */
export function podStatus(pod: K8sObject): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  let reason: string = pod.status?.reason || pod.status?.phase || 'Unknown';
  const init = pod.status?.initContainerStatuses ?? [];
  for (const [i, c] of init.entries()) {
    if (c.state?.terminated?.exitCode === 0) continue;
    if (c.state?.terminated) return `Init:${c.state.terminated.reason || `ExitCode:${c.state.terminated.exitCode}`}`;
    if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') return `Init:${c.state.waiting.reason}`;
    return `Init:${i}/${init.length}`;
  }
  let running = false;
  for (const c of [...(pod.status?.containerStatuses ?? [])].reverse()) {
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
    else if (c.state?.terminated)
      reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`;
    else if (c.ready && c.state?.running) running = true;
  }
  if (reason === 'Completed' && running) reason = 'Running';
  return reason;
}
