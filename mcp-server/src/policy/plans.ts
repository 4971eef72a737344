// Confirmation tokens for two-phase writes. A plan's token binds the tool, its exact arguments, the caller and a
// digest of the plan itself (the writes it declared and the gateway saw in its dry runs, their answers, the chart
// version), expires quickly and works once. It is HMAC-signed with a key that lives only in this process; the
// plan it names stays here too, so at execute the gateway can hold every real write to it.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isWrite, type KubeAction } from './engine';

export { CONFIRMATION_META_KEY, PLANS_CAPABILITY } from '@drover/protocol';

/** One write of a plan: what it touches, and (when the gateway saw its dry run) the request's method and content type, and its body's digest. */
export interface PlannedWrite {
  action: KubeAction;
  request?: string;
  body?: string;
}

/** What the user approves: the plan's writes, the digests of the dry runs' answers, the chart version helm resolved. */
export interface PlanRecord {
  writes: PlannedWrite[];
  answers: string[];
  chartVersion?: string;
}

export function emptyPlan(): PlanRecord {
  return { writes: [], answers: [] };
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function planDigest(plan: PlanRecord): string {
  return sha256(canonicalJson(plan));
}

function sameTarget(a: KubeAction, b: KubeAction): boolean {
  return a.kind === b.kind && a.group === b.group && (a.namespace ?? '') === (b.namespace ?? '');
}

/** A write is approved when the plan holds the same kind of change to the same object (a create may become a patch). */
export function approvalCovers(plan: PlanRecord, action: KubeAction): boolean {
  const deleting = action.verb === 'delete';
  return plan.writes.some(
    ({ action: p }) =>
      (isWrite(p) &&
        (p.verb === 'delete') === deleting &&
        (p.verb === 'exec') === (action.verb === 'exec') &&
        sameTarget(p, action) &&
        (!p.name || p.name === action.name)) ||
      // helm's release records are named per revision: the plan knows the release, not the next revision number.
      (p.kind === 'HelmRelease' &&
        action.kind === 'Secret' &&
        action.group === '' &&
        (p.namespace ?? '') === (action.namespace ?? '') &&
        Boolean(action.name?.startsWith(`sh.helm.release.v1.${p.name}.v`))),
  );
}

/** When the dry run sent the same kind of request (method, content type) to the same object, the real one must carry the same body. */
export function bodyMatchesPlan(plan: PlanRecord, action: KubeAction, request: string, body: string): boolean {
  const seen = plan.writes.filter((w) => w.body && w.request === request && sameTarget(w.action, action) && w.action.name === action.name);
  return seen.length === 0 || seen.some((w) => w.body === body);
}

const MAX_LIVE_PLANS = 10_000;

interface Payload {
  tool: string;
  args: string;
  who: string;
  plan: string;
  exp: number;
  nonce: string;
}

/** JSON with object keys sorted at every level, so equal arguments always serialise the same way. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export class PlanSigner {
  private readonly key = randomBytes(32);
  /** Nonces already used, with their expiry, so a token works once. */
  private readonly used = new Map<string, number>();
  /** The plans behind live tokens, by nonce (forgotten when the token expires or is used). */
  private readonly plans = new Map<string, { plan: PlanRecord; exp: number }>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(tool: string, args: unknown, who: string, plan: PlanRecord): { token: string; expiresAt: string } {
    this.forgetExpired();
    const exp = this.now() + this.ttlSeconds * 1000;
    const payload: Payload = {
      tool,
      args: canonicalJson(args),
      who,
      plan: planDigest(plan),
      exp,
      nonce: randomBytes(12).toString('base64url'),
    };
    this.plans.set(payload.nonce, { plan, exp });
    // Bounded: a client planning in a loop pushes out its own oldest plans, never grows the server.
    if (this.plans.size > MAX_LIVE_PLANS) this.plans.delete(this.plans.keys().next().value!);
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return { token: `${body}.${this.sign(body)}`, expiresAt: new Date(exp).toISOString() };
  }

  /** The approved plan when the token is good for exactly this call, else why not. Consumes a good token. */
  redeem(token: unknown, tool: string, args: unknown, who: string): { plan: PlanRecord } | { refusal: string } {
    const outcome = this.check(token, tool, args, who);
    return typeof outcome === 'string' ? { refusal: outcome } : { plan: outcome };
  }

  private check(token: unknown, tool: string, args: unknown, who: string): string | PlanRecord {
    if (typeof token !== 'string' || !/^[\w-]+\.[\w-]+$/.test(token)) return 'the confirmation token is malformed';
    const [body, sig] = token.split('.');
    const expected = Buffer.from(this.sign(body));
    if (expected.length !== sig.length || !timingSafeEqual(expected, Buffer.from(sig))) return 'the confirmation token is not valid';
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Payload;
    this.forgetExpired();
    if (payload.exp < this.now()) return 'the confirmation expired; plan the change again';
    if (payload.tool !== tool) return `the confirmation was for ${payload.tool}, not ${tool}`;
    if (payload.who !== who) return 'the confirmation was given for another user or cluster';
    if (payload.args !== canonicalJson(args)) return 'the confirmation was for different arguments; plan the change again';
    if (this.used.has(payload.nonce)) return 'the confirmation was already used';
    const stored = this.plans.get(payload.nonce);
    if (!stored || planDigest(stored.plan) !== payload.plan)
      return 'the approved plan is no longer known to this server; plan the change again';
    this.used.set(payload.nonce, payload.exp);
    this.plans.delete(payload.nonce);
    return stored.plan;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [nonce, exp] of this.used) if (exp < now) this.used.delete(nonce);
    for (const [nonce, { exp }] of this.plans) if (exp < now) this.plans.delete(nonce);
  }
}
