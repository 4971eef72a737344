// What every authenticator shares: finding the caller's token in the request, remembering recent successes under the
// token's hash, trying several authenticators in turn, and telling "you are not authorised" from "cannot check now".
import { createHash } from 'node:crypto';
import { isAxiosError } from 'axios';
import { AuthError, type Authenticator, type UserIdentity } from './types';

/** The service that vouches for tokens (Rancher, the API server) could not answer: not the caller's fault (HTTP 503). */
export class AuthUnavailableError extends Error {}

export type RequestHeaders = Parameters<Authenticator['authenticate']>[0];

/** Rancher's browser session cookie; browsers cannot set headers on a WebSocket, but they send this. */
const RANCHER_SESSION_COOKIE = 'R_SESS';
/**
 * The standalone page's session cookie (HttpOnly), holding the Kubernetes token the user signed in with. Tokens are
 * base64url or `header.payload.signature`, all cookie-safe, so the value is the token as is.
 */
export const STANDALONE_SESSION_COOKIE = 'drover_session';
const SESSION_COOKIES = [RANCHER_SESSION_COOKIE, STANDALONE_SESSION_COOKIE];

export interface TokenCacheOptions {
  ttlMs: number;
  maxEntries: number;
}

/** The value of a cookie the request carries, if any. */
export function readCookie(headers: RequestHeaders, wanted: string): string | undefined {
  for (const cookie of [headers.cookie].flat().join('; ').split(';')) {
    const [name, ...rest] = cookie.trim().split('=');
    const value = rest.join('=');
    if (name === wanted && value) return value;
  }
  return undefined;
}

/** The caller's token: `Authorization: Bearer …`, else a session cookie (Rancher's, or the standalone page's). */
export function readCredential(headers: RequestHeaders): string | undefined {
  const authorization = [headers.authorization].flat()[0] ?? '';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return bearer[1];
  for (const name of SESSION_COOKIES) {
    const value = readCookie(headers, name);
    if (value) return value;
  }
  return undefined;
}

/**
 * An Authenticator around a token check. Successes are remembered for `ttlMs` under the token's SHA-256 (so no map
 * holds tokens as keys), at most `maxEntries` of them, oldest dropped first; failures are never remembered.
 */
export function createTokenAuthenticator(
  check: (token: string) => Promise<UserIdentity>,
  cache: TokenCacheOptions = { ttlMs: 0, maxEntries: 0 },
): Authenticator {
  const remembered = new Map<string, { identity: UserIdentity; expiresAt: number }>();
  return {
    async authenticate(headers) {
      const token = readCredential(headers);
      if (!token) throw new AuthError(`no credentials: send a bearer token or a session cookie (${SESSION_COOKIES.join(' or ')})`);
      const key = createHash('sha256').update(token).digest('hex');
      const hit = remembered.get(key);
      if (hit && hit.expiresAt > Date.now()) return hit.identity;
      remembered.delete(key);
      const identity = await check(token);
      if (cache.ttlMs > 0 && cache.maxEntries > 0) {
        if (remembered.size >= cache.maxEntries) remembered.delete(remembered.keys().next().value!);
        remembered.set(key, { identity, expiresAt: Date.now() + cache.ttlMs });
      }
      return identity;
    },
  };
}

/** Tries each authenticator in order: a refusal (AuthError) moves on to the next, anything else stops the search. */
export function firstOf(...authenticators: Authenticator[]): Authenticator {
  return {
    async authenticate(headers) {
      let refusal = new AuthError('no authenticator is configured');
      for (const authenticator of authenticators) {
        try {
          return await authenticator.authenticate(headers);
        } catch (err) {
          if (!(err instanceof AuthError)) throw err;
          refusal = err;
        }
      }
      throw refusal;
    },
  };
}

/**
 * An AuthUnavailableError naming the service and what went wrong. Built from the status or error code only: the HTTP
 * client's error carries the request, token included, so it must never become a `cause` that gets logged.
 */
export function unavailableError(service: string, err: unknown): AuthUnavailableError {
  if (isAxiosError(err)) {
    const reason = err.response ? `HTTP ${err.response.status}` : (err.code ?? 'no response');
    return new AuthUnavailableError(`${service} could not check the credentials (${reason})`);
  }
  return new AuthUnavailableError(`${service} could not check the credentials (${err instanceof Error ? err.message : 'unknown error'})`);
}
