// What /proc says about a process: resident memory (sampled for its peak), CPU time used, and time spent waiting
// for a CPU (other processes on the machine had it).
import { readFileSync } from 'node:fs';

/** USER_HZ, the unit of /proc/<pid>/stat times, is 100 on Linux. */
const TICKS_PER_SECOND = 100;

export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at state; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Seconds the process's main thread (where its JavaScript runs) was ready to run but waited for a CPU. */
export function runQueueSeconds(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak. */
export function samplePeakRss(pid: number, everyMs = 100): () => number {
  let peak = rssMiB(pid);
  const timer = setInterval(() => { peak = Math.max(peak, rssMiB(pid)); }, everyMs);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssMiB(pid));
  };
}

/** How much of `read` each named process adds from now until the returned function is called. */
function meter(read: (pid: number) => number, pids: Record<string, number>): () => Record<string, number> {
  const start = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, read(pid)]));
  return () => Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, read(pid) - start[name]]));
}

export const cpuMeter = (pids: Record<string, number>) => meter(cpuSeconds, pids);
export const runQueueMeter = (pids: Record<string, number>) => meter(runQueueSeconds, pids);
