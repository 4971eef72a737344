// The one place a request gets its user: the credential it carries (bearer token, or Rancher's session cookie), as
// the configured authenticator vouches for it. Routes behind this hook see `request.user`; nothing else sets it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthUnavailableError, readCookie, STANDALONE_SESSION_COOKIE } from '../identity/credentials';
import { AuthError, type Authenticator, type UserIdentity } from '../identity/types';
import { sendError } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    user?: UserIdentity;
  }
}

/**
 * A request that would be authenticated by the standalone page's cookie but comes from another site's page (its
 * Origin is not this host): browsers attach cookies to such requests, so they are refused whatever SameSite does.
 */
function isCrossSiteCookieRequest(request: FastifyRequest): boolean {
  const { origin, host, authorization } = request.headers;
  if (authorization || !origin || !readCookie(request.headers, STANDALONE_SESSION_COOKIE)) return false;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/** Adds the authentication hook to every route registered in `scope`. */
export function requireUser(scope: FastifyInstance, authenticator: Authenticator): void {
  scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (isCrossSiteCookieRequest(request)) return sendError(reply, 'forbidden', "refused: this request came from another site's page");
    try {
      request.user = await authenticator.authenticate(request.headers);
    } catch (err) {
      if (err instanceof AuthError) {
        reply.header('WWW-Authenticate', 'Bearer');
        return sendError(reply, 'unauthenticated', 'sign in first: send a bearer token, or open Drover from Rancher');
      }
      if (err instanceof AuthUnavailableError)
        return sendError(reply, 'unauthenticated', `cannot check your credentials right now: ${err.message}`, 503);
      throw err;
    }
  });
}

/** The authenticated user of a route behind requireUser. */
export function userOf(request: FastifyRequest): UserIdentity {
  if (!request.user) throw new Error('route registered outside the authenticated scope');
  return request.user;
}
