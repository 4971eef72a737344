// Events the way an operator reads them: newest first, repeats of the same thing on the same object folded into
// one row with the counts summed, messages masked. Shared by k8s_events and k8s_describe.
import type { EventRow } from '@drover/protocol';
import { listObjects } from '../kube/reads';
import type { ToolContext } from '../runtime';
import { age } from './printers';
import { maskCut, maskText } from '../policy/redact';
import { renderTable } from './table';

/* eslint-disable @typescript-eslint/no-explicit-any */

const MESSAGE_CHARS = 300;
/** Longest message a row keeps: the events.k8s.io API caps notes at 1 KiB; older events can be far longer. */
const ROW_MESSAGE_CHARS = 1024;

/** Core v1 events of one namespace (or all), narrowed by a field selector the API server applies. */
export async function listEvents(ctx: ToolContext, namespace: string | undefined, fieldSelector?: string): Promise<any[]> {
  const list = await listObjects(ctx, await ctx.rt.discovery.resolve(ctx, 'events'), { namespace, fieldSelector });
  return list.items ?? [];
}

/** When the event last happened: series (new events API), lastTimestamp (old), eventTime, creation. */
export function lastSeen(e: any): string | undefined {
  return e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? undefined;
}

const time = (row: EventRow) => Date.parse(row.lastSeen ?? '') || 0;

/** Folds repeats (same object, type, reason and message) into one row with the summed count; newest first. Each
 *  row's message is cut and masked once (not each repeat in full). */
export function foldEvents(ctx: ToolContext, events: any[]): EventRow[] {
  const rows = new Map<string, EventRow>();
  for (const e of events) {
    const o = e.involvedObject ?? {};
    const text = String(e.message ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    const key = [o.namespace, o.kind, o.name, e.type, e.reason, text].join('\u0000');
    const count = Number(e.series?.count ?? e.count ?? 1) || 1;
    const seen = lastSeen(e);
    const row = rows.get(key);
    if (row) {
      row.count += count;
      if ((Date.parse(seen ?? '') || 0) > time(row)) row.lastSeen = seen;
      continue;
    }
    rows.set(key, {
      type: String(e.type ?? ''),
      reason: maskText(String(e.reason ?? '')),
      message: maskCut(text, ROW_MESSAGE_CHARS),
      count,
      object: {
        cluster: ctx.cluster,
        ...(o.apiVersion ? { apiVersion: o.apiVersion } : {}),
        kind: String(o.kind ?? ''),
        name: String(o.name ?? ''),
        ...(o.namespace ? { namespace: o.namespace } : {}),
      },
      ...(seen ? { lastSeen: seen } : {}),
    });
  }
  return [...rows.values()].sort((a, b) => time(b) - time(a) || a.reason.localeCompare(b.reason));
}

export interface EventColumns {
  /** Show which object each event is about (lists); describe leaves it out. */
  object: boolean;
  namespace: boolean;
}

export function renderEvents(rows: EventRow[], cols: EventColumns, now = Date.now()): string {
  const columns = [
    ...(cols.namespace ? ['NAMESPACE'] : []),
    'LAST-SEEN',
    'TYPE',
    'REASON',
    ...(cols.object ? ['OBJECT'] : []),
    'COUNT',
    'MESSAGE',
  ];
  return renderTable(
    columns,
    rows.map((r) => [
      ...(cols.namespace ? [r.object.namespace ?? ''] : []),
      r.lastSeen ? age(r.lastSeen, now) : '<unknown>',
      r.type,
      r.reason,
      ...(cols.object ? [`${r.object.kind.toLowerCase()}/${r.object.name}`] : []),
      String(r.count),
      r.message.length > MESSAGE_CHARS ? `${r.message.slice(0, MESSAGE_CHARS)}…` : r.message,
    ]),
  );
}

/** The newest rows whose table fits the budget. */
export function fitEvents(rows: EventRow[], cols: EventColumns, budgetChars: number): { text: string; shown: number } {
  let shown = rows.length;
  let text = renderEvents(rows, cols);
  while (text.length > budgetChars && shown > 0) {
    shown = Math.max(0, Math.min(shown - 1, Math.floor(shown * (budgetChars / text.length))));
    text = shown ? renderEvents(rows.slice(0, shown), cols) : '';
  }
  return { text, shown };
}

/** The events about one object: matched by kind and name on the server, then by uid (a deleted namesake's events
 *  drop out). Node events carry the node's name as uid, and some recorders leave the uid empty. */
export async function objectEvents(ctx: ToolContext, obj: any): Promise<EventRow[]> {
  const { name, namespace, uid } = obj.metadata ?? {};
  const events = await listEvents(ctx, namespace, `involvedObject.kind=${obj.kind},involvedObject.name=${name}`);
  return foldEvents(
    ctx,
    events.filter((e) => !e.involvedObject?.uid || e.involvedObject.uid === uid || e.involvedObject.uid === name),
  );
}
