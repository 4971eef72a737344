// Reads the logs of pod containers (never following) with timestamps, so lines of several pods can be merged in
// time order, and reports what was cut: older lines beyond the tail, or the byte cap.
import { CommandFailed } from '../errors';
import type { ToolContext } from '../runtime';
import { apiErrorText } from './api';
import { durationMs } from './read-args';
import { podLog } from './reads';
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
  const res = await podLog(ctx, {
    namespace: o.namespace,
    pod: source.pod,
    container: source.container,
    tailLines: o.tail + 1,
    limitBytes: o.limitBytes,
    timestamps: true,
    previous: o.previous,
    ...(o.since ? { sinceSeconds: Math.ceil(durationMs(o.since) / 1000) } : {}),
  });
  if (res.status !== 200 && !res.truncated) return { source, error: apiErrorText(res) };
  const raw = res.body.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  const lines = raw.map((l): LogLine => {
    const space = l.indexOf(' ');
    const stamp = space > 0 ? l.slice(0, space) : '';
    const at = Date.parse(stamp);
    return Number.isNaN(at) ? { ...source, at: 0, timestamp: '', text: l } : { ...source, at, timestamp: stamp, text: l.slice(space + 1) };
  });
  const older = lines.length > o.tail;
  return { source, lines: older ? lines.slice(1) : lines, older, capped: Buffer.byteLength(res.body) >= o.limitBytes };
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
