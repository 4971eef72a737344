import { ApprovalGate, canRemember } from '../../src/agent/approvals';

const inMs = (ms: number) => new Date(Date.now() + ms);
const LATER = 60_000;

describe('the approval gate', () => {
  it("hands the user's approval to the waiting call", async () => {
    const gate = new ApprovalGate();
    const outcome = gate.wait('a1', 'k8s_scale', { namespace: 'shop' }, inMs(LATER), new AbortController().signal);
    expect(gate.isWaiting('a1')).toBe(true);
    expect(gate.answer('a1', { decision: 'approved' })).toBe(true);
    await expect(outcome).resolves.toEqual({ decision: 'approved' });
    expect(gate.isWaiting('a1')).toBe(false);
  });

  it("hands over a denial with the user's reason", async () => {
    const gate = new ApprovalGate();
    const outcome = gate.wait('a1', 'k8s_delete', { namespace: 'shop' }, inMs(LATER), new AbortController().signal);
    gate.answer('a1', { decision: 'denied', reason: 'wrong namespace' });
    await expect(outcome).resolves.toEqual({ decision: 'denied', reason: 'wrong namespace' });
  });

  it('answers each approval only once', async () => {
    const gate = new ApprovalGate();
    const outcome = gate.wait('a1', 'k8s_scale', { namespace: 'shop' }, inMs(LATER), new AbortController().signal);
    expect(gate.answer('a1', { decision: 'denied' })).toBe(true);
    expect(gate.answer('a1', { decision: 'approved' })).toBe(false);
    await expect(outcome).resolves.toEqual({ decision: 'denied' });
  });

  it('refuses an answer to an approval nobody waits for', () => {
    expect(new ApprovalGate().answer('nope', { decision: 'approved' })).toBe(false);
  });

  it('keeps approvals apart by id', async () => {
    const gate = new ApprovalGate();
    const signal = new AbortController().signal;
    const first = gate.wait('a1', 'k8s_scale', { namespace: 'shop' }, inMs(LATER), signal);
    const second = gate.wait('a2', 'k8s_delete', { namespace: 'shop' }, inMs(LATER), signal);
    gate.answer('a2', { decision: 'denied' });
    gate.answer('a1', { decision: 'approved' });
    await expect(first).resolves.toEqual({ decision: 'approved' });
    await expect(second).resolves.toEqual({ decision: 'denied' });
  });

  it('expires an approval nobody answered in time, and refuses a late answer', async () => {
    const gate = new ApprovalGate();
    const outcome = gate.wait('a1', 'k8s_scale', { namespace: 'shop' }, inMs(30), new AbortController().signal);
    await expect(outcome).resolves.toEqual({ decision: 'expired' });
    expect(gate.isWaiting('a1')).toBe(false);
    expect(gate.answer('a1', { decision: 'approved' })).toBe(false);
  });

  it('expires at once when the deadline has passed', async () => {
    const gate = new ApprovalGate();
    await expect(gate.wait('a1', 'k8s_scale', { namespace: 'shop' }, inMs(-1000), new AbortController().signal)).resolves.toEqual({
      decision: 'expired',
    });
  });

  it('keeps waiting for a deadline weeks away', async () => {
    const gate = new ApprovalGate();
    const outcome = gate.wait('a1', 'k8s_scale', { namespace: 'shop' }, inMs(30 * 24 * 3600_000), new AbortController().signal);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(gate.isWaiting('a1')).toBe(true);
    gate.answer('a1', { decision: 'approved' });
    await expect(outcome).resolves.toEqual({ decision: 'approved' });
  });

  it('does not expire an approval that was answered', async () => {
    const gate = new ApprovalGate();
    const outcome = gate.wait('a1', 'k8s_scale', { namespace: 'shop' }, inMs(30), new AbortController().signal);
    gate.answer('a1', { decision: 'approved' });
    await new Promise((resolve) => setTimeout(resolve, 60));
    await expect(outcome).resolves.toEqual({ decision: 'approved' });
  });

  it("rejects with the turn's reason when the turn is aborted, and stops waiting", async () => {
    const gate = new ApprovalGate();
    const turn = new AbortController();
    const outcome = gate.wait('a1', 'k8s_scale', { namespace: 'shop' }, inMs(LATER), turn.signal);
    const reason = new Error('cancelled by the user');
    turn.abort(reason);
    await expect(outcome).rejects.toBe(reason);
    expect(gate.isWaiting('a1')).toBe(false);
    expect(gate.answer('a1', { decision: 'approved' })).toBe(false);
  });

  it('rejects at once when the turn was already aborted', async () => {
    const gate = new ApprovalGate();
    const reason = new Error('the session was deleted');
    await expect(gate.wait('a1', 'k8s_scale', { namespace: 'shop' }, inMs(LATER), AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(gate.isWaiting('a1')).toBe(false);
  });

  it('remembers an approval for the session for that tool in that namespace only', async () => {
    const gate = new ApprovalGate();
    expect(gate.allows('k8s_scale', { namespace: 'shop' })).toBe(false);
    const outcome = gate.wait('a1', 'k8s_scale', { namespace: 'shop' }, inMs(LATER), new AbortController().signal);
    gate.answer('a1', { decision: 'approved', rememberForSession: true });
    await outcome;
    expect(gate.allows('k8s_scale', { namespace: 'shop' })).toBe(true);
    expect(gate.allows('k8s_scale', { namespace: 'prod' })).toBe(false);
    expect(gate.allows('k8s_scale', {})).toBe(false);
    expect(gate.allows('k8s_delete', { namespace: 'shop' })).toBe(false);
    expect(new ApprovalGate().allows('k8s_scale', { namespace: 'shop' })).toBe(false);
  });

  it('remembers an approval for the cluster it was given on only', async () => {
    const gate = new ApprovalGate();
    const outcome = gate.wait('a1', 'k8s_scale', { cluster: 'c-m-east', namespace: 'shop' }, inMs(LATER), new AbortController().signal);
    gate.answer('a1', { decision: 'approved', rememberForSession: true });
    await outcome;
    expect(gate.allows('k8s_scale', { cluster: 'c-m-east', namespace: 'shop' })).toBe(true);
    expect(gate.allows('k8s_scale', { cluster: 'local', namespace: 'shop' })).toBe(false);
    expect(gate.allows('k8s_scale', { namespace: 'shop' })).toBe(false);
  });

  it('never remembers a write whose arguments do not pin where it acts', async () => {
    const gate = new ApprovalGate();
    for (const [id, tool, namespace] of [
      ['a1', 'k8s_rollout', undefined],
      ['a2', 'k8s_apply', 'shop'],
      ['a3', 'k8s_delete', 'shop'],
      ['a4', 'k8s_patch', 'shop'],
    ] as const) {
      const outcome = gate.wait(id, tool, { namespace }, inMs(LATER), new AbortController().signal);
      gate.answer(id, { decision: 'approved', rememberForSession: true });
      await outcome;
      expect(gate.allows(tool, { namespace })).toBe(false);
    }
    expect(canRemember('k8s_apply', 'shop')).toBe(false);
    expect(canRemember('k8s_scale', undefined)).toBe(false);
    expect(canRemember('k8s_scale', 'shop')).toBe(true);
  });

  it('makes no rule from a denial or a one-off approval', async () => {
    const gate = new ApprovalGate();
    const signal = new AbortController().signal;
    const denied = gate.wait('a1', 'k8s_scale', { namespace: 'shop' }, inMs(LATER), signal);
    gate.answer('a1', { decision: 'denied', rememberForSession: true });
    const once = gate.wait('a2', 'k8s_delete', { namespace: 'shop' }, inMs(LATER), signal);
    gate.answer('a2', { decision: 'approved' });
    await Promise.all([denied, once]);
    expect(gate.allows('k8s_scale', { namespace: 'shop' })).toBe(false);
    expect(gate.allows('k8s_delete', { namespace: 'shop' })).toBe(false);
  });
});
