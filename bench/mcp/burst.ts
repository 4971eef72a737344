// Bursts that straddle discovery refreshes. The server's discovery is fresh for 30 s, then served stale while one
// shared refresh runs in the background, so no call should wait for it. Rounds of concurrent k8s_get calls run
// back to back for longer than two refresh periods; throughput and latency are printed per window, and the windows
// in which the server refreshed discovery are marked: its GETs of /api and /apis, as the MCP ServiceAccount, read
// from kube-apiserver's audit log (nothing else reads discovery as that account during the burst).
import { existsSync, readFileSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { median, ms, percentile, type Sample } from './common';

/** kube-apiserver's audit policy for this section: discovery GETs only, request metadata only. */
export const DISCOVERY_AUDIT_POLICY = {
  apiVersion: 'audit.k8s.io/v1', kind: 'Policy', omitStages: ['RequestReceived'],
  rules: [{ level: 'Metadata', nonResourceURLs: ['/api', '/apis'] }, { level: 'None' }],
};

export interface BurstOptions {
  clients: Client[];
  /** k8s_get arguments of the objects to fetch, used in turn. */
  targets: Record<string, unknown>[];
  concurrency: number;
  seconds: number;
  windowSeconds: number;
  /** kube-apiserver's audit log (DISCOVERY_AUDIT_POLICY), and the name the MCP server authenticates as. */
  auditLogPath?: string;
  serverUser: string;
}

interface Done { at: number; latency: number; error: boolean }

const wallClock = () => performance.timeOrigin + performance.now();

/** Start times (ms, wall clock) of the server's discovery refreshes in [from, to], and how long each took. */
function refreshes(auditLogPath: string | undefined, serverUser: string, from: number, to: number): { at: number; took: number }[] | undefined {
  if (!auditLogPath || !existsSync(auditLogPath)) return undefined;
  const found: { at: number; took: number }[] = [];
  for (const line of readFileSync(auditLogPath, 'utf8').split('\n')) {
    if (!line) continue;
    const event = JSON.parse(line) as { requestURI?: string; user?: { username?: string }; requestReceivedTimestamp?: string; stageTimestamp?: string };
    if (event.user?.username !== serverUser || event.requestURI !== '/apis') continue; // each refresh reads /api and /apis together
    const at = Date.parse(event.requestReceivedTimestamp ?? '');
    if (at >= from && at <= to) found.push({ at, took: Date.parse(event.stageTimestamp ?? '') - at });
  }
  return found;
}

export async function benchBurst(opts: BurstOptions): Promise<void> {
  const windowMs = opts.windowSeconds * 1000;
  const durationMs = opts.seconds * 1000;
  console.log(`\n6. Bursts across discovery refreshes: rounds of ${opts.concurrency} concurrent k8s_get calls (one pod each) back to back for`
    + ` ${opts.seconds} s, over ${opts.clients.length} sessions; discovery is fresh for 30 s, then refreshed in the background while served stale`
    + ' (target: no dip, the slowest window\'s throughput close to the median window\'s):');
  const done: Done[] = [];
  const start = wallClock();
  let round = 0;
  while (wallClock() - start < durationMs) {
    await Promise.all(Array.from({ length: opts.concurrency }, async (_, i) => {
      const target = opts.targets[(round * opts.concurrency + i) % opts.targets.length];
      const t0 = wallClock();
      let error = false;
      try {
        error = Boolean((await opts.clients[i % opts.clients.length].callTool({ name: 'k8s_get', arguments: target }) as CallToolResult).isError);
      } catch {
        error = true;
      }
      const t1 = wallClock();
      done.push({ at: t1 - start, latency: t1 - t0, error });
    }));
    round++;
  }
  const end = wallClock();
  const found = refreshes(opts.auditLogPath, opts.serverUser, start, end);
  const windows = Array.from({ length: Math.floor(durationMs / windowMs) }, (_, w) => {
    const calls = done.filter((d) => d.at >= w * windowMs && d.at < (w + 1) * windowMs);
    const latencies: Sample = calls.map((d) => d.latency);
    const refreshed = (found ?? []).filter((r) => r.at - start >= w * windowMs && r.at - start < (w + 1) * windowMs);
    return { w, rate: calls.length / opts.windowSeconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors: calls.filter((d) => d.error).length, refreshed };
  });
  for (const { w, rate, p50, p99, errors, refreshed } of windows) {
    const mark = refreshed.map((r) => `  <- discovery refresh at ${((r.at - start) / 1000).toFixed(1)} s (took ${r.took.toFixed(0)} ms)`).join('');
    console.log(`   ${String(w * opts.windowSeconds).padStart(3)}-${String((w + 1) * opts.windowSeconds).padEnd(3)} s: ${rate.toFixed(1).padStart(6)} calls/s,`
      + ` p50 ${ms(p50)}, p99 ${ms(p99)}, errors ${errors}${mark}`);
  }
  const rates = windows.map((x) => x.rate);
  const p99s = windows.map((x) => x.p99);
  const slowest = Math.min(...rates);
  const errors = done.filter((d) => d.error).length;
  console.log(`   ${round} rounds, ${done.length} calls, ${errors} errors; slowest window ${slowest.toFixed(1)} calls/s vs median ${median(rates).toFixed(1)} (${(slowest / median(rates)).toFixed(2)}x);`
    + ` worst window p99 ${ms(Math.max(...p99s))} vs median p99 ${ms(median(p99s))}`);
  if (!found) console.log('   (refreshes not marked: kube-apiserver was started without the audit log)');
  else if (!found.length) console.log('   no discovery refresh fell inside the burst (the audit log shows none)');
  else {
    const marked = windows.filter((x) => x.refreshed.length);
    const others = windows.filter((x) => !x.refreshed.length);
    console.log(`   ${found.length} refreshes; windows with one: median ${median(marked.map((x) => x.rate)).toFixed(1)} calls/s, p99 ${ms(median(marked.map((x) => x.p99)))};`
      + ` without: median ${median(others.map((x) => x.rate)).toFixed(1)} calls/s, p99 ${ms(median(others.map((x) => x.p99)))}`);
  }
}
