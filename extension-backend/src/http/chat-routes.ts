// The chat over plain HTTP: POST /api/chat runs a turn and answers with its events — as a JSON document when the
// turn ends or waits for an approval, or as Server-Sent Events (Accept: text/event-stream) while it runs.
// POST /api/approvals/:id answers an approval and continues the same way; POST /api/sessions/:id/cancel stops a turn.
import { ChatContextSchema, MAX_MESSAGE_CHARS, type ServerEvent } from '@drover/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { LiveSession } from '../sessions/live-session';
import type { SessionManager } from '../sessions/manager';
import type { StoredEvent } from '../store/types';
import { userOf } from './auth';
import { sendError, sendSessionError } from './errors';
import { answerOf, followTurn } from './turn-follow';

const ChatBody = z.object({
  sessionId: z.string().min(1).optional(),
  text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
  context: ChatContextSchema.optional(),
});
const ApprovalBody = z.object({
  decision: z.enum(['approve', 'deny']),
  rememberForSession: z.boolean().optional(),
  reason: z.string().max(500).optional(),
});
const CancelBody = z.object({ turnId: z.string().min(1).optional() }).default({});

const wantsEvents = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/event-stream');

/** Streams the turn's events as SSE (id = seq) until it ends; the turn goes on if the client leaves. */
async function streamTurn(reply: FastifyReply, session: LiveSession, turnId: string, afterSeq: number): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  const write = (event: ServerEvent & { seq?: number }) => {
    if (!raw.destroyed) raw.write(`${event.seq !== undefined ? `id: ${event.seq}\n` : ''}event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  };
  write({ type: 'session', sessionId: session.id, resumed: afterSeq > 0, title: session.record.title });
  await followTurn(session, turnId, afterSeq, write, false);
  raw.end();
}

/** Collects the turn's events until it ends or waits for an approval, then answers with them. */
async function collectTurn(reply: FastifyReply, session: LiveSession, turnId: string, afterSeq: number): Promise<FastifyReply> {
  const events: StoredEvent[] = [];
  const end = await followTurn(session, turnId, afterSeq, (e) => events.push(e), true);
  const approval = events.findLast((e) => e.type === 'approval_required');
  return reply.send({
    sessionId: session.id, turnId, status: end === 'ended' ? 'done' : 'approval_required',
    answer: answerOf(events), ...(end === 'approval_required' ? { approval } : {}), events,
  });
}

export function registerChatRoutes(app: FastifyInstance, manager: SessionManager): void {
  app.post('/api/chat', async (request, reply) => {
    const body = ChatBody.safeParse(request.body);
    if (!body.success) return sendError(reply, 'bad_request', `invalid chat request: ${body.error.issues[0].message} at ${body.error.issues[0].path.join('.')}`);
    const user = userOf(request);
    try {
      const session = manager.open(user, body.data.sessionId, body.data.text);
      const afterSeq = session.lastSeq;
      const turnId = manager.startTurn(user, session, body.data.text, body.data.context);
      return wantsEvents(request) ? streamTurn(reply, session, turnId, afterSeq) : collectTurn(reply, session, turnId, afterSeq);
    } catch (err) {
      return sendSessionError(reply, err);
    }
  });

  app.post<{ Params: { id: string } }>('/api/approvals/:id', async (request, reply) => {
    const body = ApprovalBody.safeParse(request.body);
    if (!body.success) return sendError(reply, 'bad_request', `invalid answer: ${body.error.issues[0].message} at ${body.error.issues[0].path.join('.')}`);
    const user = userOf(request);
    const waiting = manager.findApproval(user, request.params.id);
    if (!waiting) return sendError(reply, 'not_found', `no approval ${request.params.id} is waiting (already decided, expired, or not yours)`);
    const afterSeq = waiting.session.lastSeq;
    manager.answerApproval(user, request.params.id, {
      decision: body.data.decision === 'approve' ? 'approved' : 'denied', rememberForSession: body.data.rememberForSession, reason: body.data.reason,
    });
    return wantsEvents(request)
      ? streamTurn(reply, waiting.session, waiting.turnId, afterSeq) : collectTurn(reply, waiting.session, waiting.turnId, afterSeq);
  });

  app.post<{ Params: { id: string } }>('/api/sessions/:id/cancel', async (request, reply) => {
    const body = CancelBody.safeParse(request.body ?? {});
    if (!body.success) return sendError(reply, 'bad_request', 'invalid cancel request');
    if (!manager.cancel(userOf(request), request.params.id, body.data.turnId)) return sendError(reply, 'not_found', 'nothing of yours is running in that session');
    return reply.code(202).send({ cancelled: true });
  });
}
