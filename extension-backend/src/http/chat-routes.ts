// The chat over plain HTTP: POST /api/chat runs a turn and answers with its events — as a JSON document when the
// turn ends or waits for an approval, or as Server-Sent Events (Accept: text/event-stream) while it runs.
// POST /api/approvals/:id answers an approval and continues the same way; POST /api/sessions/:id/cancel stops a turn.
import { ApprovalRequestSchema, CancelRequestSchema, ChatRequestSchema, type ServerEvent } from '@drover/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LiveSession } from '../sessions/live-session';
import type { SessionManager } from '../sessions/manager';
import type { StoredEvent } from '../store/types';
import { userOf } from './auth';
import { firstIssue, sendError, sendSessionError } from './errors';
import { answerOf, followTurn } from './turn-follow';

const wantsEvents = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/event-stream');

/** Streams the turn's events as SSE (id = seq) until it ends; the turn goes on if the client leaves. */
async function streamTurn(reply: FastifyReply, session: LiveSession, turnId: string, afterSeq: number): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  const write = (event: ServerEvent & { seq?: number }) => {
    if (!raw.destroyed)
      raw.write(`${event.seq !== undefined ? `id: ${event.seq}\n` : ''}event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
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
    sessionId: session.id,
    turnId,
    status: end === 'ended' ? 'done' : 'approval_required',
    answer: answerOf(events),
    ...(end === 'approval_required' ? { approval } : {}),
    events,
  });
}

export function registerChatRoutes(app: FastifyInstance, manager: SessionManager): void {
  app.post('/api/chat', async (request, reply) => {
    const body = ChatRequestSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, 'bad_request', firstIssue('invalid chat request', body.error));
    const user = userOf(request);
    try {
      const { sessionId, ...input } = body.data;
      const session = manager.open(user, sessionId, input.text);
      const afterSeq = session.lastSeq;
      const turnId = manager.startTurn(user, session, input);
      return wantsEvents(request) ? streamTurn(reply, session, turnId, afterSeq) : collectTurn(reply, session, turnId, afterSeq);
    } catch (err) {
      return sendSessionError(reply, err);
    }
  });

  app.post<{ Params: { id: string } }>('/api/approvals/:id', async (request, reply) => {
    const body = ApprovalRequestSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, 'bad_request', firstIssue('invalid answer', body.error));
    const user = userOf(request);
    const waiting = manager.findApproval(user, request.params.id);
    if (!waiting)
      return sendError(reply, 'not_found', `no approval ${request.params.id} is waiting (already decided, expired, or not yours)`);
    const afterSeq = waiting.session.lastSeq;
    manager.answerApproval(
      user,
      request.params.id,
      body.data.decision === 'approve'
        ? { decision: 'approved', rememberForSession: body.data.rememberForSession }
        : { decision: 'denied', reason: body.data.reason },
    );
    return wantsEvents(request)
      ? streamTurn(reply, waiting.session, waiting.turnId, afterSeq)
      : collectTurn(reply, waiting.session, waiting.turnId, afterSeq);
  });

  app.post<{ Params: { id: string } }>('/api/sessions/:id/cancel', async (request, reply) => {
    const body = CancelRequestSchema.safeParse(request.body ?? {});
    if (!body.success) return sendError(reply, 'bad_request', 'invalid cancel request');
    if (!manager.cancel(userOf(request), request.params.id, body.data.turnId))
      return sendError(reply, 'not_found', 'nothing of yours is running in that session');
    return reply.code(202).send({ cancelled: true });
  });
}
