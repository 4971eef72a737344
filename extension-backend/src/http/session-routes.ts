// Conversation history: a user lists, reads, renames, deletes and exports only their own sessions.
import type { SessionDetail, SessionList, SessionReply } from '@drover/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { SessionManager } from '../sessions/manager';
import { sessionMarkdown } from '../store/markdown';
import type { ConversationStore } from '../store/types';
import { userOf } from './auth';
import { sendError } from './errors';

type ById = { Params: { id: string } };
const RenameBody = z.object({ title: z.string().trim().min(1).max(120) });
const EventsQuery = z.object({ after: z.coerce.number().int().nonnegative().default(0) });

export function registerSessionRoutes(app: FastifyInstance, manager: SessionManager, store: ConversationStore): void {
  const notFound = (reply: FastifyReply, id: string) => sendError(reply, 'not_found', `no session ${id}`);

  app.get('/api/sessions', async (request): Promise<SessionList> => ({ sessions: store.listSessions(userOf(request).id) }));

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
    return reply.type('text/markdown; charset=utf-8').header('Content-Disposition', `attachment; filename="${file}"`)
      .send(sessionMarkdown(session, events));
  });

  app.patch<ById>('/api/sessions/:id', async (request, reply) => {
    const body = RenameBody.safeParse(request.body);
    if (!body.success) return sendError(reply, 'bad_request', 'send { "title": "…" } (1–120 characters)');
    const session = manager.rename(userOf(request), request.params.id, body.data.title);
    return session ? { session } satisfies SessionReply : notFound(reply, request.params.id);
  });

  app.delete<ById>('/api/sessions/:id', async (request, reply) => {
    if (!await manager.delete(userOf(request), request.params.id)) return notFound(reply, request.params.id);
    return reply.code(204).send();
  });
}
