// Server → client events. Every event the backend emits and the UI renders is defined here, once, as a zod schema;
// the TypeScript types are inferred from the schemas, so the two sides cannot drift apart.
import { z } from 'zod';

const turnId = z.string().min(1);
const callId = z.string().min(1);

/** What the user was looking at when asking: lets the assistant scope its tools. */
export const ChatContextSchema = z.object({
  cluster: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  resource: z.object({ kind: z.string().min(1), name: z.string().min(1), namespace: z.string().optional() }).optional(),
});

/** The exact plan of a write, computed by a server-side dry run before anything changes. */
export const PlanSchema = z.object({
  command: z.string(),
  diff: z.string().optional(),
  warnings: z.array(z.string()),
});

export const ErrorCodeSchema = z.enum([
  'bad_request', 'unauthenticated', 'forbidden', 'not_found', 'rate_limited', 'model_unavailable', 'model_error',
  'tools_unavailable', 'tool_failed', 'context_too_long', 'busy', 'internal',
]);

/** Events of a session carry a sequence number: a client that reconnects resumes after the last one it saw. */
const seq = { seq: z.number().int().nonnegative().optional() };
const modelName = z.string().min(1);

export const ServerEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session'), sessionId: z.string().min(1), resumed: z.boolean(), title: z.string().optional(), ...seq }),
  z.object({
    type: z.literal('turn_start'), sessionId: z.string().min(1), turnId, model: z.string().optional(),
    /** The user's message, as sent. */
    text: z.string(),
    /** A `/command` run without the model. */
    direct: z.boolean(), ...seq,
  }),
  z.object({ type: z.literal('token'), turnId, text: z.string(), ...seq }),
  z.object({ type: z.literal('thinking'), turnId, text: z.string(), ...seq }),
  z.object({
    type: z.literal('tool_call'), turnId, callId, tool: z.string().min(1), arguments: z.record(z.string(), z.unknown()),
    readOnly: z.boolean(),
    /** The kubectl/helm command line of a planned change (secrets masked); reads list theirs in the result. */
    command: z.string().optional(), ...seq,
  }),
  z.object({
    type: z.literal('tool_result'), turnId, callId, tool: z.string().min(1), isError: z.boolean(),
    /** Short text for the chat transcript. */
    summary: z.string(),
    /** The MCP structuredContent, for the UI's renderers (tables, logs, YAML, diffs, findings). */
    structured: z.record(z.string(), z.unknown()).optional(),
    /** What ran, as a user reads it: kubectl/helm command lines (secrets masked) and API GETs. */
    commands: z.array(z.string()).optional(), ...seq,
  }),
  z.object({
    type: z.literal('approval_required'), turnId, approvalId: z.string().min(1), callId, tool: z.string().min(1),
    arguments: z.record(z.string(), z.unknown()), plan: PlanSchema, expiresAt: z.iso.datetime(),
    /** Where the change happens, when its arguments say so. */
    namespace: z.string().optional(),
    /** Whether "allow this tool in this namespace for the rest of the session" may be offered. */
    canRemember: z.boolean(), ...seq,
  }),
  z.object({
    type: z.literal('approval_resolved'), turnId, approvalId: z.string().min(1),
    decision: z.enum(['approved', 'denied', 'expired']),
    /** Who decided: the user, a rule the user made earlier in this session, or the clock. */
    by: z.enum(['user', 'session-rule', 'timeout']), ...seq,
  }),
  z.object({ type: z.literal('model_fallback'), turnId, from: modelName, to: modelName, reason: z.string(), ...seq }),
  z.object({
    type: z.literal('model_pull'), model: modelName, status: z.string(),
    completed: z.number().nonnegative().optional(), total: z.number().nonnegative().optional(), ...seq,
  }),
  z.object({
    type: z.literal('error'), turnId: turnId.optional(), code: ErrorCodeSchema, message: z.string(), retryable: z.boolean(), ...seq,
  }),
  z.object({
    type: z.literal('turn_end'), turnId,
    reason: z.enum(['answered', 'step_limit', 'time_limit', 'cancelled', 'failed']),
    /** Why the turn stopped early, for the user (limits, cancellation). */
    notice: z.string().optional(),
    tokens: z.object({ prompt: z.number().int().nonnegative(), completion: z.number().int().nonnegative() }),
    durationMs: z.number().nonnegative(), ...seq,
  }),
  z.object({ type: z.literal('pong') }),
]);

export type ChatContext = z.infer<typeof ChatContextSchema>;
export type Plan = z.infer<typeof PlanSchema>;
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;
export type ServerEvent = z.infer<typeof ServerEventSchema>;
export type ServerEventType = ServerEvent['type'];
/** The event of one type, e.g. `EventOf<'tool_result'>`. */
export type EventOf<T extends ServerEventType> = Extract<ServerEvent, { type: T }>;
