// Small pieces of kubectl's printing that summaries and findings reuse: ages, a pod's STATUS, and the JSONPath
// subset used for field projections. (Lists themselves are printed by the API server: views/server-table.ts.)
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

/** Evaluates the JSONPath subset CRDs use in printer columns: .a.b, .a[0], .a[?(@.type=="Ready")].status */
export function jsonPath(obj: unknown, path: string): unknown {
  const tokens = path.replace(/^\{|\}$/g, '').match(/\.[^.[]+|\[[^\]]+\]/g) ?? [];
  let nodes: unknown[] = [obj];
  for (const token of tokens) {
    const next: unknown[] = [];
    for (const node of nodes) {
      if (node === null || typeof node !== 'object') continue;
      if (token.startsWith('.')) next.push((node as Record<string, unknown>)[token.slice(1)]);
      else if (/^\[\d+\]$/.test(token) && Array.isArray(node)) next.push(node[Number(token.slice(1, -1))]);
      else if (token === '[*]' && Array.isArray(node)) next.push(...node);
      else {
        const filter = /^\[\?\(@\.([\w.]+)\s*==\s*["']?([^"')]*)["']?\)\]$/.exec(token);
        if (filter && Array.isArray(node)) next.push(...node.filter((n) => String(jsonPath(n, `.${filter[1]}`)) === filter[2]));
      }
    }
    nodes = next.filter((n) => n !== undefined);
  }
  return nodes.length > 1 ? nodes : nodes[0];
}
