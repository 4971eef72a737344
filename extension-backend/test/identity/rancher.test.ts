// Rancher sign-in against the real Rancher of the test run (a recording tap in front of it counts the calls that
// reach it). A Rancher that is down, failing or silent is what the real server cannot be asked to be: plain local
// servers play those.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePorts } from '../../../tests/cluster/processes';
import { testRancher } from '../../../tests/cluster/state';
import { tapRancher, type RancherTap } from '../../../tests/rancher/tap';
import { AuthUnavailableError } from '../../src/identity/credentials';
import { createRancherAuthenticator } from '../../src/identity/rancher';
import { AuthError } from '../../src/identity/types';

const rancher = testRancher();
let tap: RancherTap;
beforeAll(async () => {
  tap = await tapRancher(rancher);
});
afterAll(() => tap.stop());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const meRequests = () => tap.requests.filter((r) => r.path === '/v3/users').length;
const authenticator = (cacheTtlMs = 30_000) => createRancherAuthenticator({ rancherUrl: tap.url, cacheTtlMs });

/** An HTTP server standing in for a Rancher that is up but broken: it answers 500, or never answers. */
async function brokenRancher(behaviour: 'error' | 'silent'): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    if (behaviour === 'error') res.writeHead(500).end('internal error');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('Rancher authentication', () => {
  it('turns a valid bearer token into the Rancher user, carrying the token for the MCP server', async () => {
    const { admin } = rancher.users;
    await expect(authenticator().authenticate(bearer(admin.token))).resolves.toEqual({
      id: admin.id,
      name: admin.username,
      groups: [],
      mode: 'rancher',
      rancherToken: admin.token,
    });
  });

  it('accepts the R_SESS session cookie a browser sends', async () => {
    const { readonly } = rancher.users;
    const identity = await authenticator().authenticate({ cookie: `CSRF=abc; R_SESS=${readonly.token}; R_LOCALE=en-us` });
    expect(identity).toMatchObject({ id: readonly.id, name: 'readonly', rancherToken: readonly.token });
  });

  it('refuses a token Rancher does not know, without echoing it', async () => {
    const bad = 'token-forged:0123456789abcdef';
    const refusal = await authenticator()
      .authenticate(bearer(bad))
      .catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(AuthError);
    expect((refusal as Error).message).toMatch(/not valid/);
    expect((refusal as Error).message).not.toContain(bad);
  });

  it('refuses a request without credentials before asking Rancher', async () => {
    const before = meRequests();
    await expect(authenticator().authenticate({})).rejects.toBeInstanceOf(AuthError);
    expect(meRequests()).toBe(before);
  });

  it('asks Rancher once for a token it has just validated, but again for a different token', async () => {
    const auth = authenticator();
    const before = meRequests();
    await auth.authenticate(bearer(rancher.users.standard.token));
    await auth.authenticate({ cookie: `R_SESS=${rancher.users.standard.token}` });
    expect(meRequests()).toBe(before + 1);
    await expect(auth.authenticate(bearer(rancher.users.readonly.token))).resolves.toMatchObject({ id: rancher.users.readonly.id });
    expect(meRequests()).toBe(before + 2);
  });

  it('asks Rancher again once the cached answer has expired', async () => {
    const auth = authenticator(50);
    const before = meRequests();
    await auth.authenticate(bearer(rancher.users.standard.token));
    await new Promise((resolve) => setTimeout(resolve, 80));
    await auth.authenticate(bearer(rancher.users.standard.token));
    expect(meRequests()).toBe(before + 2);
  });

  it('does not remember refusals', async () => {
    const auth = authenticator();
    const before = meRequests();
    await expect(auth.authenticate(bearer('token-unknown:1'))).rejects.toBeInstanceOf(AuthError);
    await expect(auth.authenticate(bearer('token-unknown:1'))).rejects.toBeInstanceOf(AuthError);
    expect(meRequests()).toBe(before + 2);
  });

  it("trusts Rancher's certificate only with the configured CA", async () => {
    const trusting = createRancherAuthenticator({ rancherUrl: rancher.url, caFile: rancher.caFile });
    await expect(trusting.authenticate(bearer(rancher.users.admin.token))).resolves.toMatchObject({ id: rancher.users.admin.id });
    const auth = createRancherAuthenticator({ rancherUrl: rancher.url });
    await expect(auth.authenticate(bearer(rancher.users.admin.token))).rejects.toBeInstanceOf(AuthUnavailableError);
  });
});

describe('Rancher that cannot answer', () => {
  it('reports a Rancher that is down as unavailable, not as a refusal', async () => {
    const [closedPort] = await freePorts(1);
    const auth = createRancherAuthenticator({ rancherUrl: `https://127.0.0.1:${closedPort}`, caFile: rancher.caFile });
    const failure = await auth.authenticate(bearer(rancher.users.admin.token)).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AuthUnavailableError);
    expect(failure).not.toBeInstanceOf(AuthError);
  });

  it('reports a Rancher server error as unavailable', async () => {
    const broken = await brokenRancher('error');
    try {
      const auth = createRancherAuthenticator({ rancherUrl: broken.url });
      await expect(auth.authenticate(bearer('token-x:1'))).rejects.toThrow(
        new AuthUnavailableError('Rancher could not check the credentials (HTTP 500)'),
      );
    } finally {
      broken.server.close();
    }
  });

  it('gives up on a Rancher that does not answer in time', async () => {
    const silent = await brokenRancher('silent');
    try {
      const auth = createRancherAuthenticator({ rancherUrl: silent.url, timeoutMs: 200 });
      await expect(auth.authenticate(bearer('token-x:1'))).rejects.toBeInstanceOf(AuthUnavailableError);
    } finally {
      silent.server.closeAllConnections();
      silent.server.close();
    }
  });
});
