// What the events table does with its rows, as plain functions: which are warnings, which match the filter, in which
// order they show, and how they read when attached to a question.
import type { EventRow } from '@drover/protocol';

export const isWarning = (event: EventRow): boolean => event.type.toLowerCase() === 'warning';

/** One lowercase string per event holding every field the text filter looks in; built once per list. */
export const searchIndex = (events: EventRow[]): string[] => events.map((e) => [e.type, e.reason, e.object.kind, e.object.namespace ?? '', e.object.name, e.message].join('\n').toLowerCase());

export interface EventFilter {
  warningsOnly: boolean;
  /** Plain text, matched case-insensitively anywhere in the row (not a pattern). */
  text: string;
}

/** The indexes of the events the filter keeps, in the given order (one pass; sort first, then filter as the user types). */
export function filterEvents(events: EventRow[], index: string[], filter: EventFilter, order: number[] = events.map((_, i) => i)): number[] {
  const needle = filter.text.trim().toLowerCase();

  return order.filter((i) => (!filter.warningsOnly || isWarning(events[i])) && (!needle || index[i].includes(needle)));
}

/** A reason split where its words meet (`BackoffLimitExceeded` → Backoff, Limit, Exceeded), so a narrow column can wrap it there. */
export const reasonWords = (reason: string): string[] => reason.split(/(?<=[a-z0-9])(?=[A-Z])/);

export type EventSortKey = 'lastSeen' | 'type' | 'reason' | 'object' | 'count';
export type SortDirection = 'ascending' | 'descending';

const time = (event: EventRow) => Date.parse(event.lastSeen ?? '') || 0;
const text = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });

const COMPARE: Record<EventSortKey, (a: EventRow, b: EventRow) => number> = {
  lastSeen: (a, b) => time(a) - time(b),
  type:     (a, b) => text(a.type, b.type),
  reason:   (a, b) => text(a.reason, b.reason),
  object:   (a, b) => text(`${ a.object.kind }/${ a.object.name }`, `${ b.object.kind }/${ b.object.name }`),
  count:    (a, b) => a.count - b.count,
};

/** The indexes sorted by a column; ties keep the order the tool gave (newest first). */
export function sortEvents(events: EventRow[], indexes: number[], key: EventSortKey, direction: SortDirection): number[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const compare = COMPARE[key];

  return indexes.slice().sort((a, b) => sign * compare(events[a], events[b]) || a - b);
}

/** The direction a column sorts in when first clicked: newest, most frequent and warnings first. */
export const firstDirection = (key: EventSortKey): SortDirection => (key === 'lastSeen' || key === 'count' || key === 'type' ? 'descending' : 'ascending');

/** An event as one line of an attachment: `lastSeen type reason kind/name: message (xN)`. */
export function eventLine(event: EventRow): string {
  return `${ event.lastSeen ?? '-' } ${ event.type } ${ event.reason } ${ event.object.kind }/${ event.object.name }: ${ event.message } (x${ event.count })`;
}

export const eventsText = (events: EventRow[]): string => events.map(eventLine).join('\n');
