// Answers of the backend's HTTP API, defined once: the routes return these shapes, and clients (the CLI, the UI)
// validate what they receive with the same schemas.
import { z } from 'zod';
import { ErrorCodeSchema, ServerEventSchema } from './events';
import { ViewSchema } from './views';

export const MAX_SEARCH_CHARS = 200;

export const SessionSummarySchema = z.object({ id: z.string(), title: z.string(), createdAt: z.string(), updatedAt: z.string() });

/** GET /api/sessions?q=…: `q` finds sessions whose title, questions or answers contain it (any case). */
export const SessionListQuerySchema = z.object({ q: z.string().trim().max(MAX_SEARCH_CHARS).optional() });
/** GET /api/sessions */
export const SessionListSchema = z.object({ sessions: z.array(SessionSummarySchema) });
/** PATCH /api/sessions/:id */
export const SessionReplySchema = z.object({ session: SessionSummarySchema });
/** GET /api/sessions/:id: the session and every event of it, in order. */
export const SessionDetailSchema = z.object({ session: SessionSummarySchema, events: z.array(ServerEventSchema) });

/** GET /api/tools: the tools the user may use (as the MCP servers list them for that user). */
export const ToolListSchema = z.object({
  tools: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      readOnly: z.boolean(),
      server: z.string(),
      inputSchema: z.record(z.string(), z.unknown()),
    }),
  ),
});

/** GET /api/models: the Ollama in use, and whether it has the configured models (the first is the main one). */
export const ModelsSchema = z.object({
  url: z.string(),
  reachable: z.boolean(),
  error: z.string().optional(),
  available: z.array(z.string()),
  configured: z.array(z.object({ name: z.string(), installed: z.boolean() })),
});

/** POST /api/read: one read-only tool call outside the conversation (the UI's "load more", "previous run", "more lines"). */
export const ReadRequestSchema = z.object({
  tool: z.string().min(1).max(100),
  arguments: z.record(z.string(), z.unknown()),
  cluster: z.string().min(1).optional(),
});
/** Its answer: what a `tool_result` event carries. */
export const ReadResultSchema = z.object({
  isError: z.boolean(),
  summary: z.string(),
  structured: ViewSchema.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  commands: z.array(z.string()).optional(),
  forbidden: z.boolean().optional(),
});

/** GET /api/me: who the backend takes the caller for. */
export const MeSchema = z.object({ name: z.string(), groups: z.array(z.string()), mode: z.enum(['rancher', 'standalone']) });

/** POST /api/login (standalone page): a Kubernetes token, kept in an HttpOnly cookie once it is accepted. */
export const LoginRequestSchema = z.object({ token: z.string().trim().min(1).max(8192) });

/** GET /readyz (open): whether the model server and Drover's MCP server answer; 503 when one does not. */
export const ReadinessSchema = z.object({
  ready: z.boolean(),
  checks: z.object({
    ollama: z.object({ ok: z.boolean(), error: z.string().optional() }),
    mcp: z.object({ ok: z.boolean(), error: z.string().optional() }),
  }),
});

/** Every failed request: `{ error: { code, message, retryable } }`. */
export const ApiErrorSchema = z.object({ error: z.object({ code: ErrorCodeSchema, message: z.string(), retryable: z.boolean() }) });

export type SessionSummary = z.infer<typeof SessionSummarySchema>;
export type SessionList = z.infer<typeof SessionListSchema>;
export type SessionListQuery = z.infer<typeof SessionListQuerySchema>;
export type ReadRequest = z.infer<typeof ReadRequestSchema>;
export type ReadResult = z.infer<typeof ReadResultSchema>;
export type Me = z.infer<typeof MeSchema>;
export type Readiness = z.infer<typeof ReadinessSchema>;
export type LoginRequest = z.infer<typeof LoginRequestSchema>;
export type SessionReply = z.infer<typeof SessionReplySchema>;
export type SessionDetail = z.infer<typeof SessionDetailSchema>;
export type ToolList = z.infer<typeof ToolListSchema>;
export type Models = z.infer<typeof ModelsSchema>;
export type ApiError = z.infer<typeof ApiErrorSchema>;
