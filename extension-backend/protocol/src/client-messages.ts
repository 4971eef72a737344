// Client → server messages on the chat WebSocket (and the bodies of the HTTP chat API).
import { z } from 'zod';
import { ChatContextSchema } from './events';

/** Longest user message the backend accepts; longer input is refused, never silently cut. */
export const MAX_MESSAGE_CHARS = 16_000;

export const ClientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('chat'), sessionId: z.string().min(1).optional(),
    text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS), context: ChatContextSchema.optional(),
  }),
  z.object({
    type: z.literal('approve'), approvalId: z.string().min(1),
    /** Also allow this tool in this namespace for the rest of the session. */
    rememberForSession: z.boolean().optional(),
  }),
  z.object({ type: z.literal('deny'), approvalId: z.string().min(1), reason: z.string().max(500).optional() }),
  z.object({ type: z.literal('cancel'), turnId: z.string().min(1).optional() }),
  /** After a reconnect: replay the session's events after `afterSeq`, then follow it live. */
  z.object({ type: z.literal('resume'), sessionId: z.string().min(1), afterSeq: z.number().int().nonnegative().default(0) }),
  z.object({ type: z.literal('ping') }),
]);

export type ClientMessage = z.infer<typeof ClientMessageSchema>;
