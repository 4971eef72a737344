// Standalone mode: the caller's Kubernetes token is good when the API server says so in a TokenReview, asked with the
// backend's own credentials (which need system:auth-delegator or the tokenreviews create right).
import { z } from 'zod';
import { AuthUnavailableError, createTokenAuthenticator, unavailableError } from './credentials';
import { connectionFromKubeconfig, createKubeHttpClient, inClusterConnection } from './kube-client';
import { AuthError, type Authenticator } from './types';

export interface TokenReviewAuthOptions {
  /** The backend's kubeconfig (current context); without it, the pod's ServiceAccount. */
  kubeconfig?: string;
  /** Where the pod's ServiceAccount is mounted; the standard path unless a test says otherwise. */
  serviceAccountDir?: string;
  /** KUBERNETES_SERVICE_HOST/PORT come from here (process.env unless a test says otherwise). */
  env?: Readonly<Record<string, string | undefined>>;
  /** How long a validated token is trusted without a new review; 0 disables the cache. */
  cacheTtlMs?: number;
  timeoutMs?: number;
}

const DEFAULT_CACHE_TTL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 5_000;
const MAX_CACHED_TOKENS = 1_000;
const TOKEN_REVIEWS_PATH = '/apis/authentication.k8s.io/v1/tokenreviews';

const TokenReviewReply = z.object({
  status: z.object({
    authenticated: z.boolean().optional(),
    // A refused token comes back with an empty user.
    user: z.object({ username: z.string().optional(), groups: z.array(z.string()).default([]) }).optional(),
  }),
});

/** Reads the kubeconfig or ServiceAccount now, so a bad configuration fails at startup. */
export function createTokenReviewAuthenticator(options: TokenReviewAuthOptions = {}): Authenticator {
  const connection = options.kubeconfig
    ? connectionFromKubeconfig(options.kubeconfig)
    : inClusterConnection(options.serviceAccountDir, options.env);
  const api = createKubeHttpClient(connection, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  return createTokenAuthenticator(
    async (token) => {
      const review = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } };
      // An HTTP error (401/403 included) is about the backend's own credentials or the API server, not the caller's token.
      const reply = await api.post(TOKEN_REVIEWS_PATH, review).catch((err: unknown) => {
        throw unavailableError('The Kubernetes API server', err);
      });
      const parsed = TokenReviewReply.safeParse(reply.data);
      if (!parsed.success) throw new AuthUnavailableError('The Kubernetes API server answered the TokenReview in an unexpected shape');
      const { authenticated, user } = parsed.data.status;
      if (!authenticated || !user?.username) throw new AuthError('Kubernetes token is not valid');
      return { id: user.username, name: user.username, groups: user.groups, mode: 'standalone' };
    },
    { ttlMs: options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS, maxEntries: MAX_CACHED_TOKENS },
  );
}
