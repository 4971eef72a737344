// Error replies of the HTTP API: `{ error: { code, message, retryable } }`, the codes of the protocol's ErrorCode.
import type { ApiError, ErrorCode } from '@drover/protocol';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { SessionError } from '../sessions/manager';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  rate_limited: 429,
  busy: 409,
  model_unavailable: 503,
  model_error: 502,
  tools_unavailable: 503,
  tool_failed: 502,
  context_too_long: 413,
  internal: 500,
};

const RETRYABLE = new Set<ErrorCode>(['rate_limited', 'busy', 'model_unavailable', 'model_error', 'tools_unavailable', 'internal']);

export function errorBody(code: ErrorCode, message: string): ApiError {
  return { error: { code, message, retryable: RETRYABLE.has(code) } };
}

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, status = STATUS[code]): FastifyReply {
  return reply.code(status).send(errorBody(code, message));
}

/** SessionErrors are the caller's doing and answered as such; anything else is thrown on to the error handler. */
export function sendSessionError(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof SessionError) return sendError(reply, err.code, err.message);
  throw err;
}

/** `what: the first problem at its path`, the message of a 400 answer to a body that fails its schema. */
export function firstIssue(what: string, error: z.ZodError): string {
  const [issue] = error.issues;
  return `${what}: ${issue.message}${issue.path.length ? ` at ${issue.path.join('.')}` : ''}`;
}
