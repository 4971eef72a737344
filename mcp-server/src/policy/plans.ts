// Confirmation tokens for two-phase writes. A plan's token binds the tool, its exact arguments and the caller, and
// expires quickly; it can be used once. It is HMAC-signed with a key that lives only in this process.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export { CONFIRMATION_META_KEY, PLANS_CAPABILITY } from '@drover/protocol';

interface Payload { tool: string; args: string; who: string; exp: number; nonce: string }

/** JSON with object keys sorted at every level, so equal arguments always serialise the same way. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export class PlanSigner {
  private readonly key = randomBytes(32);
  /** Nonces already used, with their expiry, so a token works once. */
  private readonly used = new Map<string, number>();

  constructor(private readonly ttlSeconds: number, private readonly now: () => number = Date.now) {}

  issue(tool: string, args: unknown, who: string): { token: string; expiresAt: string } {
    const exp = this.now() + this.ttlSeconds * 1000;
    const payload: Payload = { tool, args: canonicalJson(args), who, exp, nonce: randomBytes(12).toString('base64url') };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return { token: `${body}.${this.sign(body)}`, expiresAt: new Date(exp).toISOString() };
  }

  /** Returns undefined when the token is good for exactly this call, else why not. Consumes a good token. */
  redeem(token: unknown, tool: string, args: unknown, who: string): string | undefined {
    if (typeof token !== 'string' || !/^[\w-]+\.[\w-]+$/.test(token)) return 'the confirmation token is malformed';
    const [body, sig] = token.split('.');
    const expected = Buffer.from(this.sign(body));
    if (expected.length !== sig.length || !timingSafeEqual(expected, Buffer.from(sig))) return 'the confirmation token is not valid';
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Payload;
    this.forgetExpired();
    if (payload.exp < this.now()) return 'the confirmation expired; plan the change again';
    if (payload.tool !== tool) return `the confirmation was for ${payload.tool}, not ${tool}`;
    if (payload.who !== who) return 'the confirmation was given for another user';
    if (payload.args !== canonicalJson(args)) return 'the confirmation was for different arguments; plan the change again';
    if (this.used.has(payload.nonce)) return 'the confirmation was already used';
    this.used.set(payload.nonce, payload.exp);
    return undefined;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [nonce, exp] of this.used) if (exp < now) this.used.delete(nonce);
  }
}
