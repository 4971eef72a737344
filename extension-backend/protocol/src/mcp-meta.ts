// Extensions of MCP between the backend and Drover's MCP server, carried in standard MCP fields. Defined once here
// because both sides must agree on them.

/** Client capability (under `experimental`) declaring that the client shows plans to its user before confirming. */
export const PLANS_CAPABILITY = 'drover/plans';

/** Result `_meta` key carrying a plan's confirmation token, and request `_meta` key carrying it on the confirmed call. */
export const CONFIRMATION_META_KEY = 'drover/confirmation';

/** Result `_meta` key listing what the call ran, as a user reads it: kubectl/helm command lines and API GETs. */
export const COMMANDS_META_KEY = 'drover/commands';
