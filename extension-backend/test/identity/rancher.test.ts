import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeRancher, type FakeRancher } from '../../../tests/rancher-fake/server';
import { testCluster } from '../../../tests/cluster/state';
import { AuthUnavailableError } from '../../src/identity/credentials';
import { createRancherAuthenticator } from '../../src/identity/rancher';
import { AuthError } from '../../src/identity/types';

let rancher: FakeRancher;
beforeAll(async () => {
  rancher = await startFakeRancher(testCluster());
});
afterAll(() => rancher.stop());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const meRequests = () => rancher.requests.filter((r) => r.path === '/v3/users').length;
const authenticator = (cacheTtlMs = 30_000) => createRancherAuthenticator({ rancherUrl: rancher.url, caFile: rancher.caFile, cacheTtlMs });

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
      id: 'u-admin',
      name: admin.username,
      groups: [],
      mode: 'rancher',
      rancherToken: admin.token,
    });
  });

  it('accepts the R_SESS session cookie a browser sends', async () => {
    const { viewer } = rancher.users;
    const identity = await authenticator().authenticate({ cookie: `CSRF=abc; R_SESS=${viewer.token}; R_LOCALE=en-us` });
    expect(identity).toMatchObject({ id: 'u-viewer', name: 'viewer', rancherToken: viewer.token });
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
    await auth.authenticate(bearer(rancher.users.editor.token));
    await auth.authenticate({ cookie: `R_SESS=${rancher.users.editor.token}` });
    expect(meRequests()).toBe(before + 1);
    await expect(auth.authenticate(bearer(rancher.users.viewer.token))).resolves.toMatchObject({ id: 'u-viewer' });
    expect(meRequests()).toBe(before + 2);
  });

  it('asks Rancher again once the cached answer has expired', async () => {
    const auth = authenticator(50);
    const before = meRequests();
    await auth.authenticate(bearer(rancher.users.editor.token));
    await new Promise((resolve) => setTimeout(resolve, 80));
    await auth.authenticate(bearer(rancher.users.editor.token));
    expect(meRequests()).toBe(before + 2);
  });

  it('does not remember refusals', async () => {
    const auth = authenticator();
    const before = meRequests();
    await expect(auth.authenticate(bearer('token-unknown:1'))).rejects.toBeInstanceOf(AuthError);
    await expect(auth.authenticate(bearer('token-unknown:1'))).rejects.toBeInstanceOf(AuthError);
    expect(meRequests()).toBe(before + 2);
  });

  it("does not trust Rancher's certificate without the configured CA", async () => {
    const auth = createRancherAuthenticator({ rancherUrl: rancher.url });
    await expect(auth.authenticate(bearer(rancher.users.admin.token))).rejects.toBeInstanceOf(AuthUnavailableError);
  });
});

describe('Rancher that cannot answer', () => {
  it('reports a Rancher that is down as unavailable, not as a refusal', async () => {
    const gone = await startFakeRancher(testCluster());
    await gone.stop();
    const auth = createRancherAuthenticator({ rancherUrl: gone.url, caFile: gone.caFile });
    const failure = await auth.authenticate(bearer(gone.users.admin.token)).catch((err: unknown) => err);
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
