// Answers of the backend's HTTP API, defined once: the routes return these shapes, and clients (the CLI, the UI)
// validate what they receive with the same schemas.
import { z } from 'zod';
import { ErrorCodeSchema, ServerEventSchema } from './events';

export const SessionSummarySchema = z.object({ id: z.string(), title: z.string(), createdAt: z.string(), updatedAt: z.string() });

/** GET /api/sessions */
export const SessionListSchema = z.object({ sessions: z.array(SessionSummarySchema) });
/** PATCH /api/sessions/:id */
export const SessionReplySchema = z.object({ session: SessionSummarySchema });
/** GET /api/sessions/:id: the session and every event of it, in order. */
export const SessionDetailSchema = z.object({ session: SessionSummarySchema, events: z.array(ServerEventSchema) });

/** GET /api/tools: the tools the user may use (as the MCP servers list them for that user). */
export const ToolListSchema = z.object({
  tools: z.array(z.object({
    name: z.string(), description: z.string(), readOnly: z.boolean(), server: z.string(), inputSchema: z.record(z.string(), z.unknown()),
  })),
});

/** GET /api/models: the Ollama in use, and whether it has the configured models (the first is the main one). */
export const ModelsSchema = z.object({
  url: z.string(), reachable: z.boolean(), error: z.string().optional(), available: z.array(z.string()),
  configured: z.array(z.object({ name: z.string(), installed: z.boolean() })),
});

/** Every failed request: `{ error: { code, message, retryable } }`. */
export const ApiErrorSchema = z.object({ error: z.object({ code: ErrorCodeSchema, message: z.string(), retryable: z.boolean() }) });

export type SessionSummary = z.infer<typeof SessionSummarySchema>;
export type SessionList = z.infer<typeof SessionListSchema>;
export type SessionReply = z.infer<typeof SessionReplySchema>;
export type SessionDetail = z.infer<typeof SessionDetailSchema>;
export type ToolList = z.infer<typeof ToolListSchema>;
export type Models = z.infer<typeof ModelsSchema>;
export type ApiError = z.infer<typeof ApiErrorSchema>;
