// Asking the user to approve a planned change. Answers come from a person at a terminal, or from stdin when the user
// said so (--answers-from-stdin, for scripts and tests); with neither, the change is denied, never approved.
import type { ClientMessage, EventOf } from '@drover/protocol';
import type { LineReader } from './lines';
import type { Output } from './output';
import { planLines } from './render-views';

const QUESTION = 'Approve? [y]es / [n]o: ';
/** Offered only where the backend lets a session rule approve (see the event's canRemember). */
const QUESTION_WITH_RULE = 'Approve? [y]es / [n]o / [a]lways for this tool in this namespace: ';
const UNATTENDED_REASON = 'nobody could answer: approvals need an interactive terminal';
const ENDED_REASON = 'nobody answered: the input ended';

export type ApprovalAnswer = Extract<ClientMessage, { type: 'approve' | 'deny' }>;

export interface ApprovalDecision {
  answer: ApprovalAnswer;
  /** Denied because nobody could be asked. */
  isUnattended: boolean;
}

export interface ApprovalPromptOptions {
  /** Where answers come from; undefined when nobody can answer. Called when the first approval comes. */
  answers: () => LineReader | undefined;
  /** Print the plan before asking (when the transcript is not shown, as with --json). */
  showsPlan: boolean;
}

const ruleKey = (event: EventOf<'approval_required'>) => `${event.tool}\u0000${event.namespace ?? ''}`;

export class ApprovalPrompter {
  /** "Always" answers given here: the backend approves those by the session's rule, so there is nothing to ask. */
  private readonly rules = new Set<string>();

  constructor(
    private readonly out: Output,
    private readonly options: ApprovalPromptOptions,
  ) {}

  /**
   * The user's decision; undefined when there is nothing to ask (a rule approves it) or `signal` aborts first
   * (decided elsewhere, expired, or the turn was cancelled).
   */
  async decide(event: EventOf<'approval_required'>, signal: AbortSignal): Promise<ApprovalDecision | undefined> {
    if (this.rules.has(ruleKey(event))) return undefined;
    const { style } = this.out;
    const deny = (reason: string, isUnattended: boolean): ApprovalDecision => ({
      answer: { type: 'deny', approvalId: event.approvalId, reason },
      isUnattended,
    });
    if (this.options.showsPlan)
      this.out.write(
        planLines(event.plan, style)
          .map((line) => `  ${line}\n`)
          .join(''),
      );
    const reader = this.options.answers();
    if (!reader) {
      this.out.write(style.red(`  ✗ not approved: approvals need an interactive terminal (scripts may pass --answers-from-stdin)\n`));
      return deny(UNATTENDED_REASON, true);
    }
    const question = `  ${event.canRemember ? QUESTION_WITH_RULE : QUESTION}`;
    for (;;) {
      if (!reader.isTerminal) this.out.write(question);
      const line = await reader.next(question, signal);
      if (signal.aborted) {
        this.out.write('\n');
        return undefined;
      }
      if (line === undefined) {
        this.out.write(style.red('\n  ✗ not approved: no answer before the input ended\n'));
        return deny(ENDED_REASON, true);
      }
      if (!reader.isTerminal) this.out.write(`${line}\n`);
      const answer = line.trim().toLowerCase();
      if (answer === 'y' || answer === 'yes') return { answer: { type: 'approve', approvalId: event.approvalId }, isUnattended: false };
      if (event.canRemember && (answer === 'a' || answer === 'always')) {
        this.rules.add(ruleKey(event));
        return { answer: { type: 'approve', approvalId: event.approvalId, rememberForSession: true }, isUnattended: false };
      }
      if (answer === 'n' || answer === 'no') return { answer: { type: 'deny', approvalId: event.approvalId }, isUnattended: false };
      this.out.write(event.canRemember ? '  Answer y, n or a.\n' : '  Answer y or n.\n');
    }
  }
}
