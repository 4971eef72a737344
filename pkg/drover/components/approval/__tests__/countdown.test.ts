import type { ApprovalState } from '../../../chat/conversation';
import { formatCountdown, secondsLeft } from '../countdown';
import { outcomeOf } from '../outcome';

describe('secondsLeft', () => {
  const now = Date.parse('2026-12-04T14:00:00.000Z');

  it('counts whole seconds up to the expiry, rounding up', () => {
    expect(secondsLeft('2026-12-04T14:01:45.000Z', now)).toBe(105);
    expect(secondsLeft('2026-12-04T14:00:00.400Z', now)).toBe(1);
  });

  it('is 0 once the expiry has passed or when it cannot be read', () => {
    expect(secondsLeft('2026-12-04T14:00:00.000Z', now)).toBe(0);
    expect(secondsLeft('2026-12-04T13:59:00.000Z', now)).toBe(0);
    expect(secondsLeft('not a date', now)).toBe(0);
  });
});

describe('formatCountdown', () => {
  it('reads as minutes and seconds, with hours from an hour up', () => {
    expect(formatCountdown(105)).toBe('1:45');
    expect(formatCountdown(9)).toBe('0:09');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(3723)).toBe('1:02:03');
  });
});

describe('outcomeOf', () => {
  const base: ApprovalState = {
    approvalId: 'a1', plan: { command: 'kubectl scale', warnings: [] }, expiresAt: '2026-12-04T14:00:00Z', canRemember: false
  };

  it('names who decided what', () => {
    expect(outcomeOf({
      ...base, decision: 'approved', decidedBy: 'user'
    }, 'running')).toBe('approvedUser');
    expect(outcomeOf({
      ...base, decision: 'approved', decidedBy: 'session-rule'
    }, 'done')).toBe('approvedRule');
    expect(outcomeOf({
      ...base, decision: 'denied', decidedBy: 'user'
    }, 'denied')).toBe('deniedUser');
    expect(outcomeOf({
      ...base, decision: 'expired', decidedBy: 'timeout'
    }, 'expired')).toBe('expired');
  });

  it('falls back to the decision alone when who made it is unusual', () => {
    expect(outcomeOf({ ...base, decision: 'approved' }, 'done')).toBe('approved');
    expect(outcomeOf({
      ...base, decision: 'denied', decidedBy: 'timeout'
    }, 'denied')).toBe('denied');
  });

  it('is open while the step waits, and unanswered when the turn ended without a decision', () => {
    expect(outcomeOf(base, 'awaiting-approval')).toBeUndefined();
    expect(outcomeOf(base, 'failed')).toBe('unanswered');
  });
});
