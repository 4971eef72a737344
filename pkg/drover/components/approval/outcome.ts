// How an approval ended, as the card's outcome line says it: who decided what, from the decision and who made it
// (the user, a rule the user set earlier in the session, the clock). An approval the turn ended without (stopped
// while it waited) has no decision: it was not answered, and nothing changed.
import type { ApprovalState, StepStatus } from '../../chat/conversation';

export type Outcome = 'approvedUser' | 'approvedRule' | 'approved' | 'deniedUser' | 'denied' | 'expired' | 'unanswered';

/** Undefined while the approval is open (the card asks for an answer). */
export function outcomeOf(approval: ApprovalState, status: StepStatus): Outcome | undefined {
  switch (approval.decision) {
  case 'approved':
    if (approval.decidedBy === 'user') return 'approvedUser';

    return approval.decidedBy === 'session-rule' ? 'approvedRule' : 'approved';
  case 'denied':
    return approval.decidedBy === 'user' ? 'deniedUser' : 'denied';
  case 'expired':
    return 'expired';
  default:
    return status === 'awaiting-approval' ? undefined : 'unanswered';
  }
}

export const OUTCOME_ICON: Record<Outcome, string> = {
  approvedUser: 'icon-checkmark',
  approvedRule: 'icon-checkmark',
  approved:     'icon-checkmark',
  deniedUser:   'icon-close',
  denied:       'icon-close',
  expired:      'icon-history',
  unanswered:   'icon-close',
};
