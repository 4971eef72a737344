import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCluster } from '../../../tests/cluster/state';
import { AuthUnavailableError, firstOf } from '../../src/identity/credentials';
import { createRancherAuthenticator } from '../../src/identity/rancher';
import { createStaticTokenAuthenticator } from '../../src/identity/static-tokens';
import { createTokenReviewAuthenticator } from '../../src/identity/token-review';
import { AuthError } from '../../src/identity/types';

const cluster = testCluster();
/** The very file the test API server authenticates its users with (--token-auth-file). */
const clusterTokenFile = join(cluster.dir, 'tokens.csv');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-static-tokens-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tokenFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('static token file', () => {
  const auth = createStaticTokenAuthenticator(clusterTokenFile);

  it("knows the users of the API server's own token file, with their groups", async () => {
    await expect(auth.authenticate(bearer(cluster.users.viewer.token))).resolves.toEqual({
      id: 'viewer',
      name: 'viewer',
      groups: ['drover:viewers'],
      mode: 'standalone',
    });
  });

  it('accepts the token from the R_SESS cookie as well', async () => {
    await expect(auth.authenticate({ cookie: `R_SESS=${cluster.users.editor.token}` })).resolves.toMatchObject({ name: 'editor' });
  });

  it('refuses a token that is not listed, and one that differs only in its last character', async () => {
    const token = cluster.users.viewer.token;
    await expect(auth.authenticate(bearer('unlisted'))).rejects.toBeInstanceOf(AuthError);
    await expect(auth.authenticate(bearer(`${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`))).rejects.toBeInstanceOf(AuthError);
  });

  it('reads several groups, quoted commas and quotes, lines without groups, and Windows line ends', async () => {
    const path = tokenFile(
      'mixed.csv',
      ['tok-a,alice,uid-a,"ops,dev"', '', 'tok-b,"o""brien, jr",uid-b', 'tok-c,carol,uid-c,""'].join('\r\n'),
    );
    const mixed = createStaticTokenAuthenticator(path);
    await expect(mixed.authenticate(bearer('tok-a'))).resolves.toMatchObject({ name: 'alice', groups: ['ops', 'dev'] });
    await expect(mixed.authenticate(bearer('tok-b'))).resolves.toMatchObject({ name: 'o"brien, jr', groups: [] });
    await expect(mixed.authenticate(bearer('tok-c'))).resolves.toMatchObject({ name: 'carol', groups: [] });
  });

  it.each([
    ['a line with too few columns', 'tok-a,alice\n', /line 1: expected token,user,uid/],
    ['an unterminated quote', 'tok-a,alice,uid,"ops\n', /line 1: expected/],
    ['an empty token', ',alice,uid\n', /line 1: expected/],
    ['a token listed twice', 'tok-a,alice,uid\ntok-a,bob,uid\n', /line 2: this token is already listed/],
  ])('refuses a file with %s', (_case, text, message) => {
    expect(() => createStaticTokenAuthenticator(tokenFile('bad.csv', text))).toThrow(message);
  });
});

describe('firstOf', () => {
  const staticThenReview = firstOf(
    createStaticTokenAuthenticator(clusterTokenFile),
    createTokenReviewAuthenticator({ kubeconfig: cluster.users.mcp.kubeconfigPath }),
  );

  it('answers from the first authenticator that accepts the token', async () => {
    // TokenReview would add system:authenticated; the static file does not list it.
    await expect(staticThenReview.authenticate(bearer(cluster.users.viewer.token))).resolves.toMatchObject({ groups: ['drover:viewers'] });
  });

  it('falls back to the next authenticator when one refuses', async () => {
    await expect(staticThenReview.authenticate(bearer(cluster.users.mcp.token))).resolves.toMatchObject({
      id: 'system:serviceaccount:cattle-system:drover',
    });
  });

  it('refuses when every authenticator refuses', async () => {
    await expect(staticThenReview.authenticate(bearer('nobody'))).rejects.toThrow(new AuthError('Kubernetes token is not valid'));
    await expect(staticThenReview.authenticate({})).rejects.toBeInstanceOf(AuthError);
  });

  it('stops at an authenticator that cannot answer instead of trying the next', async () => {
    const rancherDown = createRancherAuthenticator({ rancherUrl: 'http://127.0.0.1:1' });
    const downThenStatic = firstOf(rancherDown, createStaticTokenAuthenticator(clusterTokenFile));
    await expect(downThenStatic.authenticate(bearer(cluster.users.viewer.token))).rejects.toBeInstanceOf(AuthUnavailableError);
  });
});
