// Client → server messages on the chat WebSocket. The HTTP chat API takes the same messages as request bodies
// (without `type`, and without what the URL already says), derived here so the two transports cannot drift apart.
import { z } from 'zod';
import { ChatContextSchema, FeedbackRatingSchema, MAX_FEEDBACK_CHARS } from './events';

/** Longest user message the backend accepts; longer input is refused, never silently cut. */
export const MAX_MESSAGE_CHARS = 16_000;
export const MAX_DENY_REASON_CHARS = 500;

export const ChatMessageSchema = z.object({
  type: z.literal('chat'),
  sessionId: z.string().min(1).optional(),
  text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
  context: ChatContextSchema.optional(),
  /** Answer with this model (one of GET /api/models) instead of the configured one. */
  model: z.string().trim().min(1).max(200).optional(),
});

export const ApproveMessageSchema = z.object({
  type: z.literal('approve'),
  approvalId: z.string().min(1),
  /** Also allow this tool in this namespace for the rest of the session. */
  rememberForSession: z.boolean().optional(),
});

export const DenyMessageSchema = z.object({
  type: z.literal('deny'),
  approvalId: z.string().min(1),
  /** Why, in the user's words: the model reads it and should act on it. */
  reason: z.string().trim().max(MAX_DENY_REASON_CHARS).optional(),
});

export const CancelMessageSchema = z.object({ type: z.literal('cancel'), turnId: z.string().min(1).optional() });

/** Thumbs up or down on a turn's answer, with an optional comment; stored with the turn. */
export const FeedbackMessageSchema = z.object({
  type: z.literal('feedback'),
  sessionId: z.string().min(1),
  turnId: z.string().min(1),
  rating: FeedbackRatingSchema,
  comment: z.string().trim().max(MAX_FEEDBACK_CHARS).optional(),
});

export const ClientMessageSchema = z.discriminatedUnion('type', [
  ChatMessageSchema,
  ApproveMessageSchema,
  DenyMessageSchema,
  CancelMessageSchema,
  FeedbackMessageSchema,
  /** After a reconnect: replay the session's events after `afterSeq`, then follow it live. */
  z.object({ type: z.literal('resume'), sessionId: z.string().min(1), afterSeq: z.number().int().nonnegative().default(0) }),
  z.object({ type: z.literal('ping') }),
]);

/** POST /api/chat */
export const ChatRequestSchema = ChatMessageSchema.omit({ type: true });
/** POST /api/approvals/:id: the approve or deny message, its decision named. */
export const ApprovalRequestSchema = z.discriminatedUnion('decision', [
  ApproveMessageSchema.omit({ type: true, approvalId: true }).extend({ decision: z.literal('approve') }),
  DenyMessageSchema.omit({ type: true, approvalId: true }).extend({ decision: z.literal('deny') }),
]);
/** POST /api/sessions/:id/cancel */
export const CancelRequestSchema = CancelMessageSchema.omit({ type: true });
/** PUT /api/sessions/:id/turns/:turnId/feedback */
export const FeedbackRequestSchema = FeedbackMessageSchema.omit({ type: true, sessionId: true, turnId: true });

export type ClientMessage = z.infer<typeof ClientMessageSchema>;
export type ChatRequest = z.infer<typeof ChatRequestSchema>;
export type ApprovalRequest = z.infer<typeof ApprovalRequestSchema>;
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;
