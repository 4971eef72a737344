// The printed results: one row per figure (measure, result, target, verdict); a missed target says MISSED.
import { availableParallelism } from 'node:os';
import type { Tally } from './checks';
import type { LatencyResult } from './latency';
import type { LoadOptions, LoadResult } from './load';
import type { PhaseObservation } from './observe';
import { ms, percentile, spread } from './stats';

const LATENCY_P99_TARGET_MS = 20;
const RSS_TARGET_MIB = 300;

export type Row = [measure: string, result: string, target: string, verdict: '' | 'ok' | 'MISSED'];

const judged = (met: boolean): Row[3] => (met ? 'ok' : 'MISSED');
export const errorsOf = (t: Tally) => t.failedConnections + t.errorEvents + t.failedTurns + t.toolFaults;
const lostOf = (t: Tally) => t.seqFaults + t.lostTokens + t.duplicatedTokens + t.garbledTurns;

/** Event-loop stalls of the backend and of this process (the scripted model and the clients), and backend GC. */
function loopsRow(label: string, o: PhaseObservation): Row {
  return [`${label}: event-loop stall p99 / max; backend GC`, `backend ${ms(o.backend.lagP99Ms)} / ${ms(o.backend.lagMaxMs)}, `
    + `bench ${ms(o.benchLoop.p99Ms)} / ${ms(o.benchLoop.maxMs)}; GC ${o.gc.count} pauses, ${ms(o.gc.totalMs)} in all, `
    + `${o.gc.over10ms} over 10 ms`, '', ''];
}

function cpuRow(label: string, o: PhaseObservation, wallMs: number): Row {
  const seconds = (m: Record<string, number>) => Object.entries(m).map(([name, s]) => `${name} ${s.toFixed(1)}`).join(', ');
  return [`${label}: CPU s used; s waiting for a CPU`, `${seconds(o.cpu)}; ${seconds(o.waited)} (wall ${(wallMs / 1000).toFixed(1)} s, `
    + `${availableParallelism()} cores, load average ${o.load.map((l) => l.toFixed(1)).join(' → ')})`, '', ''];
}

export function latencyRows(label: string, result: LatencyResult, target: boolean): Row[] {
  const p99 = percentile(result.latencies, 99);
  const faults = errorsOf(result.tally) + lostOf(result.tally);
  return [[
    `token latency, ${label} (p50 / p99 / max)`,
    `${spread(result.latencies)} over ${result.latencies.length} tokens${faults ? `; ${faults} errors or lost events` : ''}`,
    target ? `p99 < ${LATENCY_P99_TARGET_MS} ms` : '',
    target ? judged(p99 < LATENCY_P99_TARGET_MS && faults === 0) : '',
  ], loopsRow(label, result.observed), cpuRow(label, result.observed, result.wallMs)];
}

export function loadRows(label: string, options: LoadOptions, r: LoadResult): Row[] {
  const t = r.tally;
  const o = r.observed;
  const turns = options.sessions * options.turns;
  const rows: Row[] = [
    [`${label}: errors`, `${errorsOf(t)} (failed connections ${t.failedConnections}, error events ${t.errorEvents}, `
      + `turns not answered ${t.failedTurns}, tool faults ${t.toolFaults})`, '0', judged(errorsOf(t) === 0)],
    [`${label}: lost events`, `${lostOf(t)} (seq faults ${t.seqFaults}, tokens lost ${t.lostTokens}, duplicated `
      + `${t.duplicatedTokens}, garbled turns ${t.garbledTurns})`, '0', judged(lostOf(t) === 0)],
    [`${label}: backend RSS peak`, `${o.peakRssMiB.toFixed(0)} MiB (at the end: V8 heap ${o.backend.heapUsedMiB.toFixed(0)} used `
      + `of ${o.backend.heapTotalMiB.toFixed(0)} MiB, external ${o.backend.externalMiB.toFixed(0)} MiB)`, `< ${RSS_TARGET_MIB} MiB`,
    judged(o.peakRssMiB < RSS_TARGET_MIB)],
    [`${label}: throughput`, `${(t.answered / (r.wallMs / 1000)).toFixed(1)} turns/s (${t.answered}/${turns} answered, `
      + `wall ${(r.wallMs / 1000).toFixed(1)} s)`, '', ''],
    [`${label}: turn time (p50 / p99 / max)`, spread(r.turnMs), '', ''],
  ];
  if (options.shape !== 'answer') {
    rows.push([`${label}: k8s_get calls; MCP server time (p50 / p99 / max)`, `${t.toolCalls} calls, ${o.toolMs.length} reached `
      + `the MCP server; ${spread(o.toolMs)}`, '', '']);
  }
  rows.push(loopsRow(label, o), cpuRow(label, o, r.wallMs));
  if (r.leftover) rows.push([`${label}: scripted replies never asked for`, String(r.leftover), '0', 'MISSED']);
  return rows;
}

export function printTable(rows: Row[]): void {
  const header: Row = ['measure', 'result', 'target', ''];
  const widths = [0, 1, 2].map((c) => Math.max(...[header, ...rows].map((r) => r[c].length)));
  const line = (r: Row) => `${r[0].padEnd(widths[0])} | ${r[1].padEnd(widths[1])} | ${r[2].padEnd(widths[2])} | ${r[3]}`.trimEnd();
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-+-')}-+-------`);
  for (const row of rows) console.log(line(row));
}
