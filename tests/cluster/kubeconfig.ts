// Kubeconfig files for the test cluster (JSON is valid kubeconfig YAML). Written 0600: they hold bearer tokens.
import { writeFileSync } from 'node:fs';

export function writeKubeconfig(path: string, server: string, caPem: string, userName: string, token: string): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'drover-local', cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: userName, user: { token } }],
    contexts: [{ name: 'drover-local', context: { cluster: 'drover-local', user: userName } }],
    'current-context': 'drover-local',
  };
  writeFileSync(path, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  return path;
}
