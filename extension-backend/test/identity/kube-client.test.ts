import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { testCluster } from '../../../tests/cluster/state';
import { connectionFromKubeconfig, createKubeHttpClient } from '../../src/identity/kube-client';

const cluster = testCluster();
const serverKey = join(cluster.dir, 'pki', 'apiserver.key');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-kube-client-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type ClusterEntry = Record<string, unknown>;
type UserEntry = Record<string, unknown>;

/** A kubeconfig alone in a fresh folder, so files it names by relative paths can be put beside it. */
function writeKubeconfig(clusterEntry: ClusterEntry, user: UserEntry): string {
  const path = join(mkdtempSync(join(dir, 'kubeconfig-')), 'kubeconfig');
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'ctx',
      clusters: [{ name: 'c', cluster: clusterEntry }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
    }),
  );
  return path;
}

const verified = () => ({ server: cluster.server, 'certificate-authority': cluster.caFile });

describe('kubeconfig refusals', () => {
  it.each([
    [
      'an unverified server',
      { server: cluster.server, 'insecure-skip-tls-verify': true },
      { token: 't' },
      /insecure-skip-tls-verify is refused/,
    ],
    ['a plain-http server', { server: 'http://127.0.0.1:8080' }, { token: 't' }, /must be an https/],
    ['an exec plugin', verified(), { exec: { command: 'aws', apiVersion: 'client.authentication.k8s.io/v1' } }, /exec plugins/],
    ['a user without credentials', verified(), {}, /neither a token nor a client certificate/],
  ])('refuses %s', (_case, clusterEntry, user, message) => {
    expect(() => connectionFromKubeconfig(writeKubeconfig(clusterEntry, user))).toThrow(message);
  });

  it('refuses a current context that does not exist', () => {
    const path = join(dir, 'dangling.yaml');
    writeFileSync(path, stringify({ 'current-context': 'gone', clusters: [], users: [], contexts: [] }));
    expect(() => connectionFromKubeconfig(path)).toThrow('no context named "gone"');
  });

  it('refuses a file that is not a kubeconfig, saying what is wrong', () => {
    const path = join(dir, 'not-a-kubeconfig.yaml');
    writeFileSync(path, 'clusters: yes\n');
    expect(() => connectionFromKubeconfig(path)).toThrow(/is not valid: [\s\S]*current-context/);
  });
});

describe('client certificates', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // Asks for a client certificate and replies with the fingerprint of the one it was shown.
    server = createServer(
      { cert: readFileSync(cluster.caFile), key: readFileSync(serverKey), requestCert: true, rejectUnauthorized: false },
      (req, res) => res.end((req.socket as TLSSocket).getPeerCertificate().fingerprint256 ?? 'none'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const expectedFingerprint = () => new X509Certificate(readFileSync(cluster.caFile)).fingerprint256;
  const presented = async (kubeconfig: string) =>
    (await createKubeHttpClient(connectionFromKubeconfig(kubeconfig), 2_000).get<string>('/', { responseType: 'text' })).data;

  it('presents the client certificate and key given inline', async () => {
    const path = writeKubeconfig(
      { server: url, 'certificate-authority-data': readFileSync(cluster.caFile).toString('base64') },
      {
        'client-certificate-data': readFileSync(cluster.caFile).toString('base64'),
        'client-key-data': readFileSync(serverKey).toString('base64'),
      },
    );
    await expect(presented(path)).resolves.toBe(expectedFingerprint());
  });

  it('presents the client certificate and key named by paths relative to the kubeconfig', async () => {
    const path = writeKubeconfig(
      { server: url, 'certificate-authority': 'ca.crt' },
      { 'client-certificate': 'client.crt', 'client-key': 'client.key' },
    );
    copyFileSync(cluster.caFile, join(dirname(path), 'client.crt'));
    copyFileSync(serverKey, join(dirname(path), 'client.key'));
    copyFileSync(cluster.caFile, join(dirname(path), 'ca.crt'));
    await expect(presented(path)).resolves.toBe(expectedFingerprint());
  });
});
