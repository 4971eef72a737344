// Where time and memory go during a phase, from four vantage points: the backend's own Prometheus metrics
// (event-loop stall, GC pauses, V8 heap), this process's event-loop stall (the scripted model and the clients live
// here), /proc (RSS, CPU used, time spent waiting for a CPU), and the MCP server's audit log (time per tool call).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpuMeter, runQueueMeter, samplePeakRss } from './proc';
import type { BenchStack } from './stack';

/** Both event-loop monitors wake every 10 ms (prom-client's default); a sample is that tick plus any stall. */
const LOOP_TICK_MS = 10;
const stall = (sampleMs: number) => Math.max(0, sampleMs - LOOP_TICK_MS);

export interface GcPauses {
  count: number;
  totalMs: number;
  /** Pauses longer than 10 ms (a bucket bound of prom-client's GC histogram). */
  over10ms: number;
}

export interface BackendSnapshot {
  /** Event-loop stall since the previous scrape (prom-client resets its histogram on every scrape), tick removed. */
  lagP99Ms: number;
  lagMaxMs: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  /** Since the backend started. */
  gc: GcPauses;
}

/** The sum of a metric's samples whose line starts with `prefix` and holds `label`, e.g. over all GC kinds. */
function sumOf(lines: string[], prefix: string, label = ''): number {
  return lines.filter((l) => l.startsWith(prefix) && l.includes(label)).reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

export async function scrapeBackend(httpUrl: string): Promise<BackendSnapshot> {
  const lines = (await (await fetch(`${httpUrl}/metrics`)).text()).split('\n');
  const m = (name: string) => sumOf(lines, `drover_backend_nodejs_${name} `);
  const gc = (part: string, label?: string) => sumOf(lines, `drover_backend_nodejs_gc_duration_seconds_${part}`, label);
  const count = gc('count{');
  return {
    lagP99Ms: stall(m('eventloop_lag_p99_seconds') * 1000), lagMaxMs: stall(m('eventloop_lag_max_seconds') * 1000),
    heapUsedMiB: m('heap_size_used_bytes') / 2 ** 20, heapTotalMiB: m('heap_size_total_bytes') / 2 ** 20,
    externalMiB: m('external_memory_bytes') / 2 ** 20,
    gc: { count, totalMs: gc('sum{') * 1000, over10ms: count - gc('bucket{', 'le="0.01"') },
  };
}

/** This process's event-loop stall from now until the returned function is called: p99 and max, in ms. */
export function benchLoopDelay(): () => { p99Ms: number; maxMs: number } {
  const histogram = monitorEventLoopDelay({ resolution: LOOP_TICK_MS });
  histogram.enable();
  return () => {
    histogram.disable();
    return { p99Ms: stall(histogram.percentile(99) / 1e6), maxMs: stall(histogram.max / 1e6) };
  };
}

/** durationMs of the tool calls the MCP server audits from now until the returned function is called. */
export function auditedDurations(auditFile: string): () => number[] {
  const from = existsSync(auditFile) ? statSync(auditFile).size : 0;
  return () => readFileSync(auditFile).subarray(from).toString('utf8').split('\n').filter(Boolean)
    .map((line) => (JSON.parse(line) as { durationMs: number }).durationMs);
}

export interface PhaseObservation {
  /** The backend's RSS, sampled every 100 ms. */
  peakRssMiB: number;
  /** CPU seconds per process during the phase. */
  cpu: Record<string, number>;
  /** Seconds each process's main thread was ready to run but waited for a CPU. */
  waited: Record<string, number>;
  /** Backend event-loop stall during the phase, heap at its end. */
  backend: BackendSnapshot;
  /** Backend GC pauses during the phase. */
  gc: GcPauses;
  benchLoop: { p99Ms: number; maxMs: number };
  /** MCP server time of each tool call (audit durationMs). */
  toolMs: number[];
  /** The machine's 1-minute load average at the start and the end (other work on the machine skews figures). */
  load: [number, number];
}

/** Starts watching the processes of a phase; the returned function stops and reports. */
export async function watchPhase(stack: BenchStack): Promise<() => Promise<PhaseObservation>> {
  const before = await scrapeBackend(stack.httpUrl);
  const peakRss = samplePeakRss(stack.backendPid);
  const pids = { backend: stack.backendPid, mcp: stack.mcpPid, bench: process.pid };
  const cpu = cpuMeter(pids);
  const waited = runQueueMeter(pids);
  const loop = benchLoopDelay();
  const audit = auditedDurations(stack.auditFile);
  const loadAtStart = loadavg()[0];
  return async () => {
    const observed = { peakRssMiB: peakRss(), cpu: cpu(), waited: waited(), benchLoop: loop(), toolMs: audit(), load: [loadAtStart, loadavg()[0]] as [number, number] };
    const backend = await scrapeBackend(stack.httpUrl);
    const gc = { count: backend.gc.count - before.gc.count, totalMs: backend.gc.totalMs - before.gc.totalMs, over10ms: backend.gc.over10ms - before.gc.over10ms };
    return { ...observed, backend, gc };
  };
}
