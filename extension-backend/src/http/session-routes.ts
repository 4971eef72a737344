// Conversation history: a user lists (and searches), reads, renames, deletes and exports only their own sessions, and
// rates the answers in them.
import { FeedbackRequestSchema, SessionListQuerySchema, type SessionDetail, type SessionList, type SessionReply } from '@drover/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { SessionManager } from '../sessions/manager';
import { sessionMarkdown } from '../store/markdown';
import type { ConversationStore } from '../store/types';
import { userOf } from './auth';
import { firstIssue, sendError, sendSessionError } from './errors';

type ById = { Params: { id: string } };
const RenameBody = z.object({ title: z.string().trim().min(1).max(120) });
const EventsQuery = z.object({ after: z.coerce.number().int().nonnegative().default(0) });

export function registerSessionRoutes(app: FastifyInstance, manager: SessionManager, store: ConversationStore): void {
  const notFound = (reply: FastifyReply, id: string) => sendError(reply, 'not_found', `no session ${id}`);

  app.get('/api/sessions', async (request, reply) => {
    const query = SessionListQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 'bad_request', firstIssue('invalid search', query.error));
    return { sessions: store.listSessions(userOf(request).id, query.data.q) } satisfies SessionList;
  });

  app.get<ById>('/api/sessions/:id', async (request, reply) => {
    const session = store.getSession(userOf(request).id, request.params.id);
    if (!session) return notFound(reply, request.params.id);
    return { session, events: manager.open(userOf(request), session.id).eventsAfter(0) } satisfies SessionDetail;
  });

  /** Events after a seq, including the running turn's (the HTTP way to catch up). */
  app.get<ById>('/api/sessions/:id/events', async (request, reply) => {
    const query = EventsQuery.safeParse(request.query);
    if (!query.success) return sendError(reply, 'bad_request', 'after must be a sequence number');
    if (!store.getSession(userOf(request).id, request.params.id)) return notFound(reply, request.params.id);
    return { events: manager.open(userOf(request), request.params.id).eventsAfter(query.data.after) };
  });

  app.get<ById>('/api/sessions/:id/export', async (request, reply) => {
    const session = store.getSession(userOf(request).id, request.params.id);
    if (!session) return notFound(reply, request.params.id);
    const events = manager.open(userOf(request), session.id).eventsAfter(0);
    const file = `${session.title.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'conversation'}.md`;
    return reply
      .type('text/markdown; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${file}"`)
      .send(sessionMarkdown(session, events));
  });

  app.patch<ById>('/api/sessions/:id', async (request, reply) => {
    const body = RenameBody.safeParse(request.body);
    if (!body.success) return sendError(reply, 'bad_request', 'send { "title": "…" } (1–120 characters)');
    const session = manager.rename(userOf(request), request.params.id, body.data.title);
    return session ? ({ session } satisfies SessionReply) : notFound(reply, request.params.id);
  });

  app.put<{ Params: { id: string; turnId: string } }>('/api/sessions/:id/turns/:turnId/feedback', async (request, reply) => {
    const body = FeedbackRequestSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, 'bad_request', firstIssue('invalid feedback', body.error));
    try {
      manager.feedback(userOf(request), request.params.id, request.params.turnId, body.data.rating, body.data.comment);
      return reply.code(204).send();
    } catch (err) {
      return sendSessionError(reply, err);
    }
  });

  app.delete<ById>('/api/sessions/:id', async (request, reply) => {
    if (!(await manager.delete(userOf(request), request.params.id))) return notFound(reply, request.params.id);
    return reply.code(204).send();
  });
}
