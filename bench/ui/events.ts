// What the benchmark sends the page: protocol events of whole turns, with big results (a 1,000-row table of pods,
// 10,000 log lines with some ANSI colour and errors) built here, shaped exactly as Drover's MCP server shapes them.
import type { EventOf, LogsView, ServerEvent, TableView } from '../../extension-backend/protocol/src';

/** An event as sent to the page: numbered. */
type Sent<T extends ServerEvent['type']> = EventOf<T> & { seq: number };

const STATUSES = ['Running', 'Running', 'Running', 'CrashLoopBackOff', 'Pending', 'ImagePullBackOff', 'Completed', 'Error'];

export function podsTable(rows: number): TableView {
  return {
    kind: 'table', resource: 'pods', columns: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], total: rows, truncated: false,
    rows: Array.from({ length: rows }, (_, i) => ({
      ref: { cluster: 'local', apiVersion: 'v1', kind: 'Pod', namespace: 'bench', name: `web-${ i.toString(36) }-7f9d8c6b5d-x${ i }` },
      cells: [`web-${ i.toString(36) }-7f9d8c6b5d-x${ i }`, i % 8 === 3 ? '0/1' : '1/1', STATUSES[i % STATUSES.length], String(i % 13), `${ 1 + (i % 59) }m`],
    })),
  };
}

export function logsView(lines: number): LogsView {
  return {
    kind: 'logs', ref: { cluster: 'local', apiVersion: 'v1', kind: 'Pod', namespace: 'bench', name: 'web-0' }, container: 'web', previous: false,
    filteredOut: 0, truncated: false,
    lines: Array.from({ length: lines }, (_, i) => ({
      text: i % 97 === 0
        ? `2026-12-04T10:${ String(i % 60).padStart(2, '0') }:00Z \u001b[31mERROR\u001b[0m request ${ i } failed: upstream connect error`
        : `2026-12-04T10:${ String(i % 60).padStart(2, '0') }:00Z \u001b[32mINFO\u001b[0m GET /api/items/${ i } 200 ${ i % 50 }ms`,
    })),
  };
}

/** Sequence numbers rise across everything sent to one page. */
export class EventSource {
  private seq = 0;
  private turns = 0;

  session(): ServerEvent {
    return { type: 'session', sessionId: 'bench', resumed: false, title: 'benchmark' };
  }

  /** A turn up to (not including) its result: start, some answer text, a tool call. */
  turnWithCall(tool: string, text: string): { turnId: string; events: ServerEvent[] } {
    const turnId = `t${ ++this.turns }`;
    return {
      turnId,
      events: [
        { type: 'turn_start', sessionId: 'bench', turnId, text, direct: false, model: 'qwen3:8b', seq: ++this.seq },
        { type: 'tool_call', turnId, callId: `${ turnId }-c`, tool, arguments: { namespace: 'bench' }, readOnly: true, cluster: 'local', namespace: 'bench', seq: ++this.seq },
      ],
    };
  }

  result(turnId: string, tool: string, view: TableView | LogsView): Sent<'tool_result'> {
    return { type: 'tool_result', turnId, callId: `${ turnId }-c`, tool, isError: false, summary: `${ tool } result`, structured: view, durationMs: 12, seq: ++this.seq };
  }

  token(turnId: string, text: string): Sent<'token'> {
    return { type: 'token', turnId, text, seq: ++this.seq };
  }

  end(turnId: string): Sent<'turn_end'> {
    return { type: 'turn_end', turnId, reason: 'answered', tokens: { prompt: 900, completion: 60 }, durationMs: 1500, seq: ++this.seq };
  }

  get lastSeq(): number {
    return this.seq;
  }
}
