// The backend's HTTP API as the panel uses it: every answer is checked against the protocol's schemas, and every
// failure becomes a BackendError carrying the backend's own message (or saying that it could not be reached).
import {
  ApiErrorSchema, MeSchema, ModelsSchema, ReadinessSchema, ReadResultSchema, ServerEventSchema, SessionListSchema, SessionReplySchema,
  type ChatRequest, type ErrorCode, type FeedbackRequest, type Me, type Models, type ReadRequest, type ReadResult, type Readiness, type ServerEvent,
  type SessionSummary,
} from '@drover/protocol';
import { z } from 'zod';

/** What the protocol's schemas offer: a check that says what is wrong. */
interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
}

/** `not_allowed`: Rancher's service proxy refused the user the backend (no "Drover user" role; see chat/access.ts). */
export type BackendErrorCode = ErrorCode | 'unreachable' | 'not_allowed';

export class BackendError extends Error {
  constructor(readonly code: BackendErrorCode, message: string, readonly status?: number) {
    super(message);
  }
}

/** POST /api/chat answered as JSON: the turn's events once it ends (or waits for an approval). */
export interface ChatReply {
  sessionId: string;
  turnId: string;
  status: 'done' | 'approval_required';
  events: ServerEvent[];
}

const ServerEventsSchema = ServerEventSchema.array();

/** The backend's chat reply (its shape lives with its route; its events are the protocol's). */
const ChatReplySchema: Schema<ChatReply> = {
  safeParse(value) {
    const reply = (value ?? {}) as Partial<Record<keyof ChatReply, unknown>>;
    const events = ServerEventsSchema.safeParse(reply.events);

    if (typeof reply.sessionId !== 'string' || typeof reply.turnId !== 'string') return { success: false, error: { issues: [{ message: 'no session or turn id' }] } };
    if (!events.success) return { success: false, error: events.error };

    return {
      success: true,
      data:    {
        sessionId: reply.sessionId, turnId: reply.turnId, status: reply.status === 'approval_required' ? 'approval_required' : 'done', events: events.data
      }
    };
  },
};

export interface DownloadedFile {
  filename: string;
  text: string;
}

/** `path` is relative to the backend's root, e.g. `api/sessions`. */
export type BackendUrl = (path: string) => string | Promise<string>;

/** What Kubernetes answers with when it refuses a request (a Status); only its message is read. */
const KubernetesStatusSchema = z.object({ kind: z.literal('Status'), message: z.string() });

export class BackendApi {
  constructor(private readonly url: BackendUrl, private readonly fetchImpl: typeof fetch = (...args) => fetch(...args)) {}

  me(): Promise<Me> {
    return this.json('api/me', MeSchema);
  }

  models(): Promise<Models> {
    return this.json('api/models', ModelsSchema);
  }

  readiness(): Promise<Readiness> {
    // 503 is how /readyz says "not ready": its body says which check failed.
    return this.json('readyz', ReadinessSchema, {}, [503]);
  }

  async sessions(query?: string): Promise<SessionSummary[]> {
    const search = query?.trim() ? `?q=${ encodeURIComponent(query.trim()) }` : '';

    return (await this.json(`api/sessions${ search }`, SessionListSchema)).sessions;
  }

  async rename(sessionId: string, title: string): Promise<SessionSummary> {
    return (await this.json(`api/sessions/${ encodeURIComponent(sessionId) }`, SessionReplySchema, { method: 'PATCH', body: { title } })).session;
  }

  async remove(sessionId: string): Promise<void> {
    await this.request(`api/sessions/${ encodeURIComponent(sessionId) }`, { method: 'DELETE' });
  }

  async exportMarkdown(sessionId: string): Promise<DownloadedFile> {
    const response = await this.request(`api/sessions/${ encodeURIComponent(sessionId) }/export`);
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'conversation.md';

    return { filename, text: await response.text() };
  }

  async feedback(sessionId: string, turnId: string, body: FeedbackRequest): Promise<void> {
    await this.request(`api/sessions/${ encodeURIComponent(sessionId) }/turns/${ encodeURIComponent(turnId) }/feedback`, { method: 'PUT', body });
  }

  /** One message outside the panel's socket (a detail page's diagnosis): a new session, or `sessionId`'s. */
  chat(request: ChatRequest): Promise<ChatReply> {
    return this.json('api/chat', ChatReplySchema, { method: 'POST', body: request });
  }

  read(request: ReadRequest): Promise<ReadResult> {
    return this.json('api/read', ReadResultSchema, { method: 'POST', body: request });
  }

  login(token: string): Promise<Me> {
    return this.json('api/login', MeSchema, { method: 'POST', body: { token } });
  }

  async logout(): Promise<void> {
    await this.request('api/logout', { method: 'POST', body: {} });
  }

  private async json<T>(path: string, schema: Schema<T>, init: { method?: string; body?: unknown } = {}, okStatuses: number[] = []): Promise<T> {
    const response = await this.request(path, init, okStatuses);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));

    if (!parsed.success) throw new BackendError('internal', `unexpected answer from ${ path }: ${ parsed.error.issues[0].message }`, response.status);

    return parsed.data;
  }

  private async request(path: string, init: { method?: string; body?: unknown } = {}, okStatuses: number[] = []): Promise<Response> {
    let response: Response;

    try {
      response = await this.fetchImpl(await this.url(path), {
        method:      init.method ?? 'GET',
        credentials: 'same-origin',
        headers:     { Accept: 'application/json', ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
    } catch (err) {
      throw new BackendError('unreachable', `Drover's backend cannot be reached (${ (err as Error).message })`);
    }
    if (response.ok || okStatuses.includes(response.status)) return response;
    const body = await response.json().catch(() => undefined);
    const error = ApiErrorSchema.safeParse(body);

    if (error.success) throw new BackendError(error.data.error.code, error.data.error.message, response.status);
    // A 403 that is not the backend's own error is the service proxy's: the user may not reach the backend at all.
    if (response.status === 403) throw new BackendError('not_allowed', KubernetesStatusSchema.safeParse(body).data?.message ?? 'HTTP 403 from the service proxy', 403);
    throw new BackendError(response.status === 401 ? 'unauthenticated' : 'internal', `Drover's backend answered HTTP ${ response.status }`, response.status);
  }
}
