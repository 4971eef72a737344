// /ws: one WebSocket, JSON messages both ways (ClientMessage in, ServerEvent out). A socket follows one session at
// a time; a turn keeps running when the socket drops, and a new socket catches up with `resume` (events after the
// last seq it saw) and follows on. Slow readers are cut off rather than buffered without bound; they can resume.
import { parseClientMessage, type ClientMessage, type ServerEvent } from '@drover/protocol';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import type { UserIdentity } from '../identity/types';
import type { Metrics } from '../observability/metrics';
import type { LiveSession } from '../sessions/live-session';
import { SessionError, type SessionManager } from '../sessions/manager';
import { userOf } from './auth';

/** Unsent bytes a socket may pile up before it is closed (1013, "try again later"). */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export function chatSocketHandler(manager: SessionManager, metrics: Metrics, log: Logger) {
  return (socket: WebSocket, request: FastifyRequest): void => {
    const user = userOf(request);
    metrics.activeWebSockets.inc();
    let session: LiveSession | undefined;
    let unfollow = () => {};

    const send = (event: ServerEvent) => {
      if (socket.readyState !== WebSocket.OPEN) return;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return socket.close(1013, 'reading too slowly: reconnect and resume');
      socket.send(JSON.stringify(event));
    };
    const follow = (next: LiveSession, resumed: boolean, afterSeq: number) => {
      unfollow();
      session = next;
      send({ type: 'session', sessionId: next.id, resumed, title: next.record.title });
      for (const event of next.eventsAfter(afterSeq)) send(event);
      unfollow = next.subscribe(send);
    };
    const fail = (code: 'bad_request' | 'not_found', message: string) => send({ type: 'error', code, message, retryable: false });

    const handle = (message: ClientMessage, who: UserIdentity) => {
      switch (message.type) {
        case 'chat': {
          const { type: _chat, sessionId, ...input } = message;
          const target = manager.open(who, sessionId, input.text);
          if (target !== session) follow(target, sessionId !== undefined, target.lastSeq);
          manager.startTurn(who, target, input);
          return;
        }
        case 'resume':
          return follow(manager.open(who, message.sessionId), true, message.afterSeq);
        case 'approve':
        case 'deny': {
          const answered = manager.answerApproval(
            who,
            message.approvalId,
            message.type === 'approve'
              ? { decision: 'approved', rememberForSession: message.rememberForSession }
              : { decision: 'denied', reason: message.reason },
          );
          if (!answered) fail('not_found', `no approval ${message.approvalId} is waiting (already decided, expired, or not yours)`);
          return;
        }
        case 'cancel':
          if (!session || !manager.cancel(who, session.id, message.turnId)) fail('not_found', 'nothing is running to cancel');
          return;
        case 'feedback':
          return manager.feedback(who, message.sessionId, message.turnId, message.rating, message.comment);
        case 'ping':
          return send({ type: 'pong' });
      }
    };

    socket.on('message', (data, isBinary) => {
      const parsed = isBinary ? { ok: false as const, error: 'binary frames are not accepted' } : parseClientMessage(data.toString());
      if (!parsed.ok) return fail('bad_request', `bad message: ${parsed.error}`);
      try {
        handle(parsed.value, user);
      } catch (err) {
        if (err instanceof SessionError)
          return send({
            type: 'error',
            code: err.code,
            message: err.message,
            retryable: err.code === 'busy' || err.code === 'rate_limited',
          });
        log.error({ err, user: user.id }, 'chat message failed');
        send({ type: 'error', code: 'internal', message: 'Something went wrong on the server.', retryable: true });
      }
    });
    socket.on('close', () => {
      unfollow();
      metrics.activeWebSockets.dec();
    });
  };
}
