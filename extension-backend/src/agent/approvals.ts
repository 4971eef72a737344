// Approvals of a session: the decisions the user has yet to make, and the rules they made ("allow this tool in this
// namespace of this cluster for the rest of the session"). Only messages from the user reach answer(): nothing the
// model writes can.
export interface ApprovalAnswer {
  decision: 'approved' | 'denied';
  rememberForSession?: boolean;
  reason?: string;
}

export type ApprovalOutcome = ApprovalAnswer | { decision: 'expired' };

/** Node fires longer timers at once; a deadline further away expires after this (24.8 days) instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Writes whose arguments alone say where they act (one workload in `namespace`): only these can be allowed for the
 * rest of a session. A manifest, a chart, a patch or a delete may reach other namespaces or cluster-scoped objects,
 * so those always ask.
 */
const REMEMBERABLE_TOOLS = new Set(['k8s_scale', 'k8s_rollout']);

/** Where a call acts: the cluster (absent in standalone mode, which has one) and the namespace its arguments name. */
export interface Where {
  cluster?: string;
  namespace?: string;
}

const ruleKey = (tool: string, where: Where) => `${tool}\u0000${where.cluster ?? ''}\u0000${where.namespace}`;

/** Whether "allow this tool in this namespace for the session" can be offered for a call. */
export function canRemember(tool: string, namespace: string | undefined): namespace is string {
  return namespace !== undefined && REMEMBERABLE_TOOLS.has(tool);
}

export class ApprovalGate {
  private readonly pending = new Map<string, (outcome: ApprovalOutcome) => void>();
  private readonly rules = new Set<string>();

  allows(tool: string, where: Where): boolean {
    return canRemember(tool, where.namespace) && this.rules.has(ruleKey(tool, where));
  }

  /** Waits for the user's answer until `expiresAt`; rejects when the turn is aborted. */
  wait(approvalId: string, tool: string, where: Where, expiresAt: Date, signal: AbortSignal): Promise<ApprovalOutcome> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const settle = (outcome: ApprovalOutcome) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.pending.delete(approvalId);
        if (outcome.decision === 'approved' && outcome.rememberForSession && canRemember(tool, where.namespace))
          this.rules.add(ruleKey(tool, where));
        resolve(outcome);
      };
      const onAbort = () => {
        clearTimeout(timer);
        this.pending.delete(approvalId);
        reject(signal.reason);
      };
      const timer = setTimeout(
        () => settle({ decision: 'expired' }),
        Math.min(MAX_TIMER_MS, Math.max(0, expiresAt.getTime() - Date.now())),
      );
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(approvalId, settle);
    });
  }

  /** The user's answer; false when no such approval is waiting (already decided, expired, or not this session's). */
  answer(approvalId: string, answer: ApprovalAnswer): boolean {
    const settle = this.pending.get(approvalId);
    if (!settle) return false;
    settle(answer);
    return true;
  }

  isWaiting(approvalId: string): boolean {
    return this.pending.has(approvalId);
  }
}
