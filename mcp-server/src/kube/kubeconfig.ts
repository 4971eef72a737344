// The server's own credentials (read once, kept in memory by the gateway), and the kubeconfig each kubectl or helm
// process gets: it points at the gateway with a bearer valid for that process only. No user credential is ever
// written to a file or an argv, and tool arguments can never set credential or impersonation flags.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import type { Config } from '../config';

const IN_CLUSTER_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

interface Named<T> {
  name: string;
  [key: string]: unknown;
  cluster?: T;
  user?: T;
  context?: T;
}
type Entry = Record<string, unknown>;

/** The server's own cluster and credentials (impersonate and kubeconfig modes). */
export interface BaseCredentials {
  cluster: Entry;
  user: Entry;
}

const PATH_FIELDS = ['certificate-authority', 'client-certificate', 'client-key', 'tokenFile'];

function absolutise(entry: Entry, base: string): Entry {
  const out = { ...entry };
  for (const field of PATH_FIELDS) {
    const value = out[field];
    if (typeof value === 'string' && value && !isAbsolute(value)) out[field] = join(base, value);
  }
  return out;
}

export function loadBaseCredentials(config: Config, env: NodeJS.ProcessEnv = process.env): BaseCredentials {
  const file = config.identity.kubeconfig;
  if (!file) {
    const host = env.KUBERNETES_SERVICE_HOST;
    const port = env.KUBERNETES_SERVICE_PORT ?? '443';
    if (!host) throw new Error('no kubeconfig configured and not running in a cluster (KUBERNETES_SERVICE_HOST is unset)');
    const server = host.includes(':') ? `https://[${host}]:${port}` : `https://${host}:${port}`;
    return {
      cluster: { server, 'certificate-authority': join(IN_CLUSTER_DIR, 'ca.crt') },
      user: { tokenFile: join(IN_CLUSTER_DIR, 'token') },
    };
  }
  const doc = parseYaml(readFileSync(file, 'utf8')) as {
    'current-context'?: string;
    contexts?: Named<Entry>[];
    clusters?: Named<Entry>[];
    users?: Named<Entry>[];
  };
  const context = doc.contexts?.find((c) => c.name === doc['current-context'])?.context;
  const cluster = doc.clusters?.find((c) => c.name === context?.cluster)?.cluster;
  const user = doc.users?.find((u) => u.name === context?.user)?.user;
  if (!cluster || !user) throw new Error(`${file}: its current context does not name a cluster and a user`);
  return { cluster: absolutise(cluster, dirname(file)), user: absolutise(user, dirname(file)) };
}

/** Written into the call's private 0700 folder; the server, its certificate and the bearer come from Gateway.open(). */
export function writeGatewayKubeconfig(dir: string, file: string, access: { server: string; ca: string; token: string }): string {
  const text = stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'drover',
    clusters: [
      { name: 'drover', cluster: { server: access.server, 'certificate-authority-data': Buffer.from(access.ca).toString('base64') } },
    ],
    users: [{ name: 'drover', user: { token: access.token } }],
    contexts: [{ name: 'drover', context: { cluster: 'drover', user: 'drover' } }],
  });
  const path = join(dir, file);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}
