// Who is talking to the backend, as established by identity/authenticator.ts (never from message content).

export interface UserIdentity {
  /** Stable id that scopes sessions: the Rancher user id (u-…), or the Kubernetes user name in standalone mode. */
  id: string;
  /** The name Kubernetes RBAC sees: the Rancher username, or the TokenReview/static user name. */
  name: string;
  groups: string[];
  mode: 'rancher' | 'standalone';
  /**
   * Rancher mode only: the user's Rancher token, handed to the MCP server over the authenticated local channel so
   * cluster calls run with the user's own RBAC. Never logged, never stored.
   */
  rancherToken?: string;
}

/** The request carried no credentials, or credentials nobody accepts. */
export class AuthError extends Error {}

export interface Authenticator {
  /** Resolves the caller, or throws AuthError. */
  authenticate(headers: Readonly<Record<string, string | string[] | undefined>>): Promise<UserIdentity>;
}
