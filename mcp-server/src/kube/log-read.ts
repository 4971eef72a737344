// Reads the logs of pod containers (never following) with timestamps, so lines of several pods can be merged in
// time order, and reports what was cut: older lines beyond the tail, or the byte cap.
import { CommandFailed } from '../errors';
import type { ToolContext } from '../runtime';
import { kubectl } from './invoke';
import type { LogSource } from './log-sources';

export interface LogLine extends LogSource {
  /** Milliseconds since the epoch (0 when the line had no timestamp). */
  at: number;
  timestamp: string;
  text: string;
}

export interface LogRead {
  lines: LogLine[];
  /** Sources with lines older than the tail. */
  olderLines: string[];
  /** Sources that hit the byte cap (kubectl returns the start of the tail window, so their newest lines are missing). */
  capped: string[];
  /** Sources that failed while others worked: "pod/container: error". */
  failed: string[];
}

export interface ReadOptions {
  namespace: string;
  previous: boolean;
  since?: string;
  tail: number;
  limitBytes: number;
}

type OneRead = { source: LogSource; error: string } | { source: LogSource; lines: LogLine[]; older: boolean; capped: boolean };

async function readOne(ctx: ToolContext, source: LogSource, o: ReadOptions): Promise<OneRead> {
  // One line more than asked tells whether older lines exist.
  const argv = ['logs', source.pod, `--namespace=${o.namespace}`, `--container=${source.container}`, `--tail=${o.tail + 1}`,
    `--limit-bytes=${o.limitBytes}`, '--timestamps', ...(o.previous ? ['--previous'] : []), ...(o.since ? [`--since=${o.since}`] : [])];
  const res = await kubectl(ctx, {
    argv, allowFailure: true, maxBytes: o.limitBytes + 4096,
    actions: [{ verb: 'get', kind: 'Pod', group: '', namespace: o.namespace, name: source.pod, clusterScoped: false }],
  });
  if (res.exitCode !== 0 && !res.truncated) return { source, error: (res.stderr.trim() || `exit code ${res.exitCode}`).split(ctx.dir).join('<file>') };
  const raw = res.stdout.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  const lines = raw.map((l): LogLine => {
    const space = l.indexOf(' ');
    const stamp = space > 0 ? l.slice(0, space) : '';
    const at = Date.parse(stamp);
    return Number.isNaN(at) ? { ...source, at: 0, timestamp: '', text: l } : { ...source, at, timestamp: stamp, text: l.slice(space + 1) };
  });
  const older = lines.length > o.tail;
  return { source, lines: older ? lines.slice(1) : lines, older, capped: Buffer.byteLength(res.stdout) >= o.limitBytes };
}

export async function readLogs(ctx: ToolContext, sources: LogSource[], o: ReadOptions): Promise<LogRead> {
  const results = await Promise.all(sources.map((s) => readOne(ctx, s, o)));
  const label = (s: LogSource) => `${s.pod}/${s.container}`;
  const errors = results.flatMap((r) => ('error' in r ? [r.error] : []));
  if (errors.length && errors.length === results.length) throw new CommandFailed(errors[0]);
  const read: LogRead = { lines: [], olderLines: [], capped: [], failed: [] };
  for (const r of results) {
    if ('error' in r) {
      read.failed.push(`${label(r.source)}: ${r.error.split('\n')[0]}`);
      continue;
    }
    read.lines.push(...r.lines);
    if (r.older) read.olderLines.push(label(r.source));
    if (r.capped) read.capped.push(label(r.source));
  }
  // Stable: lines with the same time keep their order within a container.
  read.lines.sort((a, b) => a.at - b.at);
  return read;
}
