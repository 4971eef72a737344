// Server → client events. Every event the backend emits and the UI renders is defined here, once, as a zod schema;
// the TypeScript types are inferred from the schemas, so the two sides cannot drift apart.
import { z } from 'zod';
import { ObjectRefSchema, ViewSchema } from './views';

const turnId = z.string().min(1);
const callId = z.string().min(1);

/** Objects and attachments one question may carry; together with the text they fit one WebSocket frame. */
export const MAX_CONTEXT_RESOURCES = 10;
export const MAX_ATTACHMENTS = 4;
export const MAX_ATTACHMENT_CHARS = 8_000;

/** Lines the user picked from a result (log lines, events) to ask about; the model reads them as data, not instructions. */
export const AttachmentSchema = z.object({
  kind: z.enum(['logs', 'events', 'text']),
  /** What it is, for the chip and the model: e.g. "logs of pod shop/checkout-7f9d (previous run), 12 lines". */
  title: z.string().trim().min(1).max(200),
  ref: ObjectRefSchema.optional(),
  text: z.string().min(1).max(MAX_ATTACHMENT_CHARS),
});

/** What the user was looking at when asking, and what they attached: lets the assistant scope its tools. */
export const ChatContextSchema = z.object({
  cluster: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  /** Objects the question is about ("this pod"), shown as chips the user can remove. */
  resources: z.array(ObjectRefSchema).max(MAX_CONTEXT_RESOURCES).optional(),
  attachments: z.array(AttachmentSchema).max(MAX_ATTACHMENTS).optional(),
});

/** The exact plan of a write, computed by a server-side dry run before anything changes. */
export const PlanSchema = z.object({
  command: z.string(),
  diff: z.string().optional(),
  warnings: z.array(z.string()),
});

export const ErrorCodeSchema = z.enum([
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'rate_limited',
  'model_unavailable',
  'model_error',
  'tools_unavailable',
  'tool_failed',
  'context_too_long',
  'busy',
  'internal',
]);

export const FeedbackRatingSchema = z.enum(['up', 'down']);
export const MAX_FEEDBACK_CHARS = 1_000;

/** Events of a session carry a sequence number: a client that reconnects resumes after the last one it saw. */
const seq = { seq: z.number().int().nonnegative().optional() };
const modelName = z.string().min(1);

export const ServerEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session'), sessionId: z.string().min(1), resumed: z.boolean(), title: z.string().optional(), ...seq }),
  z.object({
    type: z.literal('turn_start'),
    sessionId: z.string().min(1),
    turnId,
    model: z.string().optional(),
    /** The user's message, as sent. */
    text: z.string(),
    /** What the message carried: scope, objects and attachments (shown with it in the transcript). */
    context: ChatContextSchema.optional(),
    /** A `/command` run without the model. */
    direct: z.boolean(),
    ...seq,
  }),
  z.object({ type: z.literal('token'), turnId, text: z.string(), ...seq }),
  z.object({ type: z.literal('thinking'), turnId, text: z.string(), ...seq }),
  z.object({
    type: z.literal('tool_call'),
    turnId,
    callId,
    tool: z.string().min(1),
    arguments: z.record(z.string(), z.unknown()),
    readOnly: z.boolean(),
    /** The kubectl/helm command line of a planned change (secrets masked); reads list theirs in the result. */
    command: z.string().optional(),
    /** Where the call runs: the cluster, and the namespace when its arguments name one. */
    cluster: z.string().optional(),
    namespace: z.string().optional(),
    ...seq,
  }),
  z.object({
    type: z.literal('tool_result'),
    turnId,
    callId,
    tool: z.string().min(1),
    isError: z.boolean(),
    /** Short text for the chat transcript. */
    summary: z.string(),
    /** The view of a Drover MCP server result, for the UI's renderers (tables, logs, YAML, diffs, findings). */
    structured: ViewSchema.optional(),
    /** Structured content of another MCP server's tool, untyped: the UI shows it as JSON. */
    data: z.record(z.string(), z.unknown()).optional(),
    /** What ran, as a user reads it: kubectl/helm command lines (secrets masked) and API GETs. */
    commands: z.array(z.string()).optional(),
    /** The cluster's RBAC refused the call: the user lacks the permission. */
    forbidden: z.boolean().optional(),
    /** From the call's announcement to its result (a write's includes the wait for approval). */
    durationMs: z.number().nonnegative().optional(),
    ...seq,
  }),
  z.object({
    type: z.literal('approval_required'),
    turnId,
    approvalId: z.string().min(1),
    callId,
    tool: z.string().min(1),
    arguments: z.record(z.string(), z.unknown()),
    plan: PlanSchema,
    expiresAt: z.iso.datetime(),
    /** Where the change happens: the cluster, and the namespace when its arguments say so. */
    cluster: z.string().optional(),
    namespace: z.string().optional(),
    /** Whether "allow this tool in this namespace for the rest of the session" may be offered. */
    canRemember: z.boolean(),
    ...seq,
  }),
  z.object({
    type: z.literal('approval_resolved'),
    turnId,
    approvalId: z.string().min(1),
    decision: z.enum(['approved', 'denied', 'expired']),
    /** Who decided: the user, a rule the user made earlier in this session, or the clock. */
    by: z.enum(['user', 'session-rule', 'timeout']),
    ...seq,
  }),
  z.object({
    type: z.literal('feedback'),
    turnId,
    rating: FeedbackRatingSchema,
    comment: z.string().max(MAX_FEEDBACK_CHARS).optional(),
    ...seq,
  }),
  z.object({ type: z.literal('model_fallback'), turnId, from: modelName, to: modelName, reason: z.string(), ...seq }),
  z.object({
    type: z.literal('model_pull'),
    model: modelName,
    status: z.string(),
    completed: z.number().nonnegative().optional(),
    total: z.number().nonnegative().optional(),
    ...seq,
  }),
  z.object({
    type: z.literal('error'),
    turnId: turnId.optional(),
    code: ErrorCodeSchema,
    message: z.string(),
    retryable: z.boolean(),
    ...seq,
  }),
  z.object({
    type: z.literal('turn_end'),
    turnId,
    reason: z.enum(['answered', 'step_limit', 'time_limit', 'cancelled', 'failed']),
    /** Why the turn stopped early, for the user (limits, cancellation). */
    notice: z.string().optional(),
    tokens: z.object({ prompt: z.number().int().nonnegative(), completion: z.number().int().nonnegative() }),
    durationMs: z.number().nonnegative(),
    ...seq,
  }),
  z.object({ type: z.literal('pong') }),
]);

export type ChatContext = z.infer<typeof ChatContextSchema>;
export type Attachment = z.infer<typeof AttachmentSchema>;
export type FeedbackRating = z.infer<typeof FeedbackRatingSchema>;
export type Plan = z.infer<typeof PlanSchema>;
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;
export type ServerEvent = z.infer<typeof ServerEventSchema>;
export type ServerEventType = ServerEvent['type'];
/** The event of one type, e.g. `EventOf<'tool_result'>`. */
export type EventOf<T extends ServerEventType> = Extract<ServerEvent, { type: T }>;
