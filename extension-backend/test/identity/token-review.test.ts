import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { testCluster } from '../../../tests/cluster/state';
import { AuthUnavailableError } from '../../src/identity/credentials';
import { createTokenReviewAuthenticator } from '../../src/identity/token-review';
import { AuthError } from '../../src/identity/types';

const cluster = testCluster();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-token-review-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the kubelet mounts into a pod for its ServiceAccount. */
function serviceAccountMount(token: string): string {
  const mount = mkdtempSync(join(dir, 'serviceaccount-'));
  copyFileSync(cluster.caFile, join(mount, 'ca.crt'));
  writeFileSync(join(mount, 'token'), token);
  return mount;
}

/** A kubeconfig for the backend's ServiceAccount that names its CA and token by relative paths, as a mounted Secret would. */
function kubeconfigWithFiles(folder: string): string {
  copyFileSync(cluster.caFile, join(folder, 'ca.crt'));
  writeFileSync(join(folder, 'token'), `${cluster.users.mcp.token}\n`);
  const path = join(folder, 'kubeconfig.yaml');
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'backend',
      clusters: [{ name: 'local', cluster: { server: cluster.server, 'certificate-authority': 'ca.crt' } }],
      users: [{ name: 'drover', user: { tokenFile: 'token' } }],
      contexts: [{ name: 'backend', context: { cluster: 'local', user: 'drover' } }],
    }),
  );
  return path;
}

describe('TokenReview authentication', () => {
  const auth = createTokenReviewAuthenticator({ kubeconfig: cluster.users.mcp.kubeconfigPath });

  it("turns a user's Kubernetes token into the name and groups the API server knows", async () => {
    await expect(auth.authenticate(bearer(cluster.users.viewer.token))).resolves.toEqual({
      id: 'viewer',
      name: 'viewer',
      groups: ['drover:viewers', 'system:authenticated'],
      mode: 'standalone',
    });
  });

  it('accepts a ServiceAccount token as well', async () => {
    await expect(auth.authenticate(bearer(cluster.users.mcp.token))).resolves.toMatchObject({
      id: 'system:serviceaccount:cattle-system:drover',
      groups: expect.arrayContaining(['system:serviceaccounts:cattle-system']),
    });
  });

  it('refuses a token the API server does not recognise', async () => {
    await expect(auth.authenticate(bearer('not-a-real-token'))).rejects.toThrow(new AuthError('Kubernetes token is not valid'));
  });

  it('refuses a request without credentials', async () => {
    await expect(auth.authenticate({ cookie: 'theme=dark' })).rejects.toBeInstanceOf(AuthError);
  });

  it("uses the pod's ServiceAccount when no kubeconfig is given", async () => {
    const { hostname, port } = new URL(cluster.server);
    const inPod = createTokenReviewAuthenticator({
      serviceAccountDir: serviceAccountMount(cluster.users.mcp.token),
      env: { KUBERNETES_SERVICE_HOST: hostname, KUBERNETES_SERVICE_PORT: port },
    });
    await expect(inPod.authenticate(bearer(cluster.users.editor.token))).resolves.toMatchObject({
      id: 'editor',
      groups: ['drover:editors', 'system:authenticated'],
    });
  });

  it('refuses to start outside a pod without a kubeconfig', () => {
    expect(() => createTokenReviewAuthenticator({ serviceAccountDir: dir, env: {} })).toThrow(/KUBERNETES_SERVICE_HOST/);
  });

  it("rereads the backend's token file, and reports its own rejected credentials as unavailable", async () => {
    const folder = mkdtempSync(join(dir, 'kubeconfig-'));
    const fromFiles = createTokenReviewAuthenticator({ kubeconfig: kubeconfigWithFiles(folder) });
    await expect(fromFiles.authenticate(bearer(cluster.users.viewer.token))).resolves.toMatchObject({ id: 'viewer' });
    writeFileSync(join(folder, 'token'), 'revoked-backend-token');
    const failure = await fromFiles.authenticate(bearer(cluster.users.editor.token)).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AuthUnavailableError);
    expect((failure as Error).message).toMatch(/HTTP 401/);
  });

  it('reports an unreachable API server as unavailable', async () => {
    const unreachable = createTokenReviewAuthenticator({
      serviceAccountDir: serviceAccountMount(cluster.users.mcp.token),
      env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: '1' },
    });
    await expect(unreachable.authenticate(bearer(cluster.users.viewer.token))).rejects.toBeInstanceOf(AuthUnavailableError);
  });
});
