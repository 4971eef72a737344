// Errors a tool may show the model (ToolError and its kinds) versus everything else, which is logged and replaced
// by a generic message so stack traces, paths and credentials never reach the model.

export class ToolError extends Error {}

/** The policy refused the call (mode, protected namespace, denied kind, exec disabled). */
export class PolicyDenied extends ToolError {}

/** kubectl or helm ran and failed; the message is their (cleaned) error text, e.g. RBAC's Forbidden. */
export class CommandFailed extends ToolError {}

export class CallCancelled extends ToolError {}

/** A bug of ours (e.g. a write tool that forgot to declare its actions): never shown in detail. */
export class InternalError extends Error {}
