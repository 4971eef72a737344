import { ageOf } from '../relative-time';

const now = Date.parse('2026-12-04T14:20:00Z');

describe('ageOf', () => {
  it('says "now" for the last few seconds, and for a time slightly ahead of this clock', () => {
    expect(ageOf('2026-12-04T14:19:55Z', now)).toEqual({ value: 0, unit: 'now' });
    expect(ageOf('2026-12-04T14:20:30Z', now)).toEqual({ value: 0, unit: 'now' });
  });

  it('gives the largest whole unit, as kubectl prints ages', () => {
    expect(ageOf('2026-12-04T14:19:15Z', now)).toEqual({ value: 45, unit: 'second' });
    expect(ageOf('2026-12-04T14:15:00Z', now)).toEqual({ value: 5, unit: 'minute' });
    expect(ageOf('2026-12-04T14:15:00.9Z', now)).toEqual({ value: 4, unit: 'minute' });
    expect(ageOf('2026-12-04T11:20:00Z', now)).toEqual({ value: 3, unit: 'hour' });
    expect(ageOf('2026-11-20T14:20:00Z', now)).toEqual({ value: 14, unit: 'day' });
  });

  it('has no age for a missing or unreadable time', () => {
    expect(ageOf(undefined, now)).toBeUndefined();
    expect(ageOf('yesterday', now)).toBeUndefined();
  });
});
