// The standalone page (standalone mode, for clusters without Rancher): `/` loads Vue and the same UI bundle Rancher
// loads, and mounts its chat full-page. Sign-in takes a Kubernetes token, checks it with the configured
// authenticator and keeps it in an HttpOnly, SameSite=Strict cookie, so page scripts never hold it and the
// WebSocket (which cannot send headers) carries it too. Requests authenticated by that cookie must come from the
// page's own origin (checked in auth.ts).
import { readFileSync } from 'node:fs';
import { LoginRequestSchema, type Me } from '@drover/protocol';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthUnavailableError, STANDALONE_SESSION_COOKIE } from '../identity/credentials';
import { AuthError, type Authenticator } from '../identity/types';
import { firstIssue, sendError } from './errors';
import type { ExtensionBundle } from './extension-routes';
import { EXTENSION_PREFIX } from './extension-routes';

/** How long a sign-in lasts. */
const SESSION_SECONDS = 12 * 3600;
const LOGINS_PER_MINUTE = 20;
/** What a token may look like to travel in a cookie unchanged (JWTs, base64url, Rancher's `token-x:y`). */
const COOKIE_SAFE = /^[A-Za-z0-9._~+/=:-]+$/;
const VUE_RUNTIME = 'vue/dist/vue.global.prod.js';

/** Only what the page needs: its own scripts, inline styles of Vue components, its API and WebSocket. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/** The page: Vue, the bundle as Rancher loads it, and the bootstrap (exported for the UI benchmark, which serves it too). */
export function standalonePage(bundle: Pick<ExtensionBundle, 'name' | 'version'>): string {
  const entry = `${EXTENSION_PREFIX.slice(1)}/plugin/${bundle.name}-${bundle.version}.umd.min.js`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Drover</title>
<link rel="icon" href="data:,">
</head>
<body>
<div id="drover-app"></div>
<script src="vendor/vue.global.prod.js"></script>
<script src="${entry}"></script>
<script src="standalone.js"></script>
</body>
</html>
`;
}

/** Starts the bundle's standalone mode: the UMD global is named `<name>-<version>`, as Rancher's loader expects. */
export const standaloneBootstrap = (bundle: Pick<ExtensionBundle, 'name' | 'version'>) =>
  `window[${JSON.stringify(`${bundle.name}-${bundle.version}`)}].mountStandalone(document.getElementById('drover-app'));\n`;

const isHttps = (request: FastifyRequest) => request.protocol === 'https';

function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${STANDALONE_SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

export async function registerStandaloneRoutes(
  app: FastifyInstance,
  authenticator: Authenticator,
  bundle: ExtensionBundle | undefined,
): Promise<void> {
  if (bundle) {
    const html = standalonePage(bundle);
    const script = standaloneBootstrap(bundle);
    const vue = readFileSync(require.resolve(VUE_RUNTIME), 'utf8');
    app.get('/', async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
        .header('X-Content-Type-Options', 'nosniff')
        .send(html),
    );
    app.get('/standalone.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(script));
    app.get('/vendor/vue.global.prod.js', async (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'public, max-age=86400').send(vue),
    );
  } else {
    app.get('/', async (_request, reply) =>
      sendError(reply, 'not_found', 'This backend serves no UI (DROVER_UI_BUNDLE_DIR is not set); use the API or the drover CLI.'),
    );
  }

  await app.register(async (scope) => {
    await scope.register(rateLimit, { max: LOGINS_PER_MINUTE, timeWindow: 60_000, keyGenerator: (request) => request.ip });
    scope.post('/api/login', async (request, reply) => {
      const body = LoginRequestSchema.safeParse(request.body);
      if (!body.success) return sendError(reply, 'bad_request', firstIssue('invalid sign-in', body.error));
      const { token } = body.data;
      if (!COOKIE_SAFE.test(token)) return sendError(reply, 'bad_request', 'that does not look like a Kubernetes token');
      try {
        const user = await authenticator.authenticate({ authorization: `Bearer ${token}` });
        const me: Me = { name: user.name, groups: user.groups, mode: user.mode };
        return reply.header('Set-Cookie', sessionCookie(token, SESSION_SECONDS, isHttps(request))).send(me);
      } catch (err) {
        if (err instanceof AuthError)
          return sendError(reply, 'unauthenticated', 'this token was not accepted: check it, or ask your administrator for one');
        if (err instanceof AuthUnavailableError)
          return sendError(reply, 'unauthenticated', `cannot check the token right now: ${err.message}`, 503);
        throw err;
      }
    });
    scope.post('/api/logout', async (request, reply) =>
      reply
        .header('Set-Cookie', sessionCookie('', 0, isHttps(request)))
        .code(204)
        .send(),
    );
  });
}
