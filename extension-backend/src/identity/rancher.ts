// Rancher mode: a token (bearer or R_SESS cookie) is good when Rancher says whose it is, via GET /v3/users?me=true.
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import axios, { isAxiosError } from 'axios';
import { z } from 'zod';
import { createTokenAuthenticator, unavailableError, AuthUnavailableError } from './credentials';
import { AuthError, type Authenticator } from './types';

export interface RancherAuthOptions {
  /** Rancher's base URL, e.g. https://rancher.example.com */
  rancherUrl: string;
  /** CA bundle (PEM) for a Rancher with a private CA; the system roots otherwise. */
  caFile?: string;
  /** How long a validated token is trusted without asking Rancher again; 0 disables the cache. */
  cacheTtlMs?: number;
  timeoutMs?: number;
}

const DEFAULT_CACHE_TTL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 5_000;
const MAX_CACHED_TOKENS = 1_000;

const MeReply = z.object({
  data: z.array(
    z.object({
      id: z.string().min(1),
      username: z.string().optional(),
      principalIds: z.array(z.string()).default([]),
    }),
  ),
});

export function createRancherAuthenticator(options: RancherAuthOptions): Authenticator {
  const rancher = axios.create({
    baseURL: options.rancherUrl,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    // A redirect would carry the user's token somewhere else.
    maxRedirects: 0,
    httpsAgent: new Agent({ ca: options.caFile ? readFileSync(options.caFile) : undefined }),
  });

  return createTokenAuthenticator(
    async (token) => {
      const reply = await rancher
        .get('/v3/users', { params: { me: 'true' }, headers: { Authorization: `Bearer ${token}` } })
        .catch((err: unknown) => {
          if (isAxiosError(err) && (err.response?.status === 401 || err.response?.status === 403)) {
            throw new AuthError('Rancher token is not valid');
          }
          throw unavailableError('Rancher', err);
        });
      const parsed = MeReply.safeParse(reply.data);
      if (!parsed.success) throw new AuthUnavailableError('Rancher answered /v3/users?me=true in an unexpected shape');
      const [user] = parsed.data.data;
      if (!user) throw new AuthError('Rancher token is not valid');
      return {
        id: user.id,
        // Users from some external providers have no username; their id is then the name RBAC knows them by.
        name: user.username || user.id,
        groups: user.principalIds.filter((principal) => principal !== `local://${user.id}`),
        mode: 'rancher',
        rancherToken: token,
      };
    },
    { ttlMs: options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS, maxEntries: MAX_CACHED_TOKENS },
  );
}
