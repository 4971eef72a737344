import type { EventRow } from '@drover/protocol';
import {
  eventLine, eventsText, filterEvents, firstDirection, isWarning, reasonWords, searchIndex, sortEvents
} from '../event-rows';

const event = (over: Partial<EventRow> & { name?: string }): EventRow => ({
  type:     'Normal',
  reason:   'Scheduled',
  message:  'ok',
  count:    1,
  lastSeen: '2026-12-04T14:00:00Z',
  object:   {
    kind: 'Pod', namespace: 'shop', name: over.name ?? 'web-1'
  },
  ...over,
});

const events = [
  event({
    type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container', count: 12, lastSeen: '2026-12-04T14:05:00Z', name: 'checkout-1'
  }),
  event({
    reason: 'Pulled', message: 'Successfully pulled image "nginx"', count: 1, lastSeen: '2026-12-04T14:03:00Z'
  }),
  event({
    type: 'Warning', reason: 'FailedMount', message: 'MountVolume.SetUp failed', count: 3, lastSeen: '2026-12-04T14:01:00Z', name: 'db-0'
  }),
];
const index = searchIndex(events);

describe('isWarning', () => {
  it('tells warnings from normal events, whatever the case', () => {
    expect(events.map(isWarning)).toEqual([true, false, true]);
    expect(isWarning(event({ type: 'warning' }))).toBe(true);
  });
});

describe('filterEvents', () => {
  it('keeps everything without a filter', () => {
    expect(filterEvents(events, index, { warningsOnly: false, text: '' })).toEqual([0, 1, 2]);
  });

  it('keeps only warnings when asked', () => {
    expect(filterEvents(events, index, { warningsOnly: true, text: '' })).toEqual([0, 2]);
  });

  it('matches text anywhere in the row, ignoring case, as plain text (not a pattern)', () => {
    expect(filterEvents(events, index, { warningsOnly: false, text: 'NGINX' })).toEqual([1]);
    expect(filterEvents(events, index, { warningsOnly: false, text: 'db-0' })).toEqual([2]);
    expect(filterEvents(events, index, { warningsOnly: false, text: 'backoff' })).toEqual([0]);
    expect(filterEvents(events, index, { warningsOnly: false, text: '.*' })).toEqual([]);
    expect(filterEvents(events, index, { warningsOnly: true, text: 'failed' })).toEqual([0, 2]);
  });

  it('keeps the order it is given (the rows already sorted)', () => {
    expect(filterEvents(events, index, { warningsOnly: true, text: '' }, [2, 1, 0])).toEqual([2, 0]);
  });
});

describe('sortEvents', () => {
  it('sorts by last seen, count, type, reason or object, either way', () => {
    expect(sortEvents(events, [0, 1, 2], 'lastSeen', 'ascending')).toEqual([2, 1, 0]);
    expect(sortEvents(events, [0, 1, 2], 'count', 'descending')).toEqual([0, 2, 1]);
    expect(sortEvents(events, [0, 1, 2], 'reason', 'ascending')).toEqual([0, 2, 1]);
    expect(sortEvents(events, [0, 1, 2], 'object', 'ascending')).toEqual([0, 2, 1]);
    expect(sortEvents(events, [0, 1, 2], 'type', 'descending')).toEqual([0, 2, 1]);
  });

  it('keeps the given order between equal rows, and sorts only the rows it is given', () => {
    const same = [event({ name: 'a' }), event({ name: 'b' }), event({ name: 'c' })];

    expect(sortEvents(same, [2, 0, 1], 'count', 'descending')).toEqual([0, 1, 2]);
    expect(sortEvents(events, [2, 0], 'lastSeen', 'descending')).toEqual([0, 2]);
  });

  it('starts with newest, most frequent and warnings first, names in alphabetical order', () => {
    expect(['lastSeen', 'count', 'type', 'reason', 'object'].map((k) => firstDirection(k as never)))
      .toEqual(['descending', 'descending', 'descending', 'ascending', 'ascending']);
  });
});

describe('eventLine', () => {
  it('writes an event as one line: when, type, reason, object, message and count', () => {
    expect(eventLine(events[0])).toBe('2026-12-04T14:05:00Z Warning BackOff Pod/checkout-1: Back-off restarting failed container (x12)');
    expect(eventLine(event({ lastSeen: undefined }))).toBe('- Normal Scheduled Pod/web-1: ok (x1)');
    expect(eventsText(events.slice(0, 2)).split('\n')).toHaveLength(2);
  });
});

describe('reasonWords', () => {
  it('splits a reason where its words meet, and leaves other text whole', () => {
    expect(reasonWords('BackoffLimitExceeded')).toEqual(['Backoff', 'Limit', 'Exceeded']);
    expect(reasonWords('FailedMount')).toEqual(['Failed', 'Mount']);
    expect(reasonWords('NodeHasSufficientPID')).toEqual(['Node', 'Has', 'Sufficient', 'PID']);
    expect(reasonWords('OOMKilling')).toEqual(['OOMKilling']);
    expect(reasonWords('BackOff').join('')).toBe('BackOff');
    expect(reasonWords('')).toEqual(['']);
  });
});
