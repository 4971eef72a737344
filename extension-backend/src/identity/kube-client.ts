// The backend's OWN connection to the Kubernetes API (for TokenReview): the current context of a kubeconfig file, or
// the ServiceAccount mounted into its pod. Only what a TokenReview needs: server, TLS trust, a token or client cert.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Agent, type AgentOptions } from 'node:https';
import { dirname, join, resolve } from 'node:path';
import axios, { type AxiosInstance } from 'axios';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export interface KubeConnection {
  server: string;
  tls: Pick<AgentOptions, 'ca' | 'cert' | 'key' | 'servername'>;
  /** Read at each request: ServiceAccount tokens are rotated on disk. */
  bearerToken?: () => Promise<string>;
}

export const IN_CLUSTER_SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

const Kubeconfig = z.object({
  'current-context': z.string().min(1),
  clusters: z.array(
    z.object({
      name: z.string(),
      cluster: z.object({
        server: z.string(),
        'certificate-authority': z.string().optional(),
        'certificate-authority-data': z.string().optional(),
        'insecure-skip-tls-verify': z.boolean().optional(),
        'tls-server-name': z.string().optional(),
      }),
    }),
  ),
  users: z.array(
    z.object({
      name: z.string(),
      user: z.object({
        token: z.string().optional(),
        tokenFile: z.string().optional(),
        'client-certificate': z.string().optional(),
        'client-certificate-data': z.string().optional(),
        'client-key': z.string().optional(),
        'client-key-data': z.string().optional(),
        exec: z.unknown().optional(),
        'auth-provider': z.unknown().optional(),
      }),
    }),
  ),
  contexts: z.array(z.object({ name: z.string(), context: z.object({ cluster: z.string(), user: z.string() }) })),
});

/** Inline base64 data wins over a file path; paths are relative to the kubeconfig's folder, as kubectl reads them. */
function dataOrFile(folder: string, data: string | undefined, file: string | undefined): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64');
  return file ? readFileSync(resolve(folder, file)) : undefined;
}

function named<T extends { name: string }>(items: T[], name: string, what: string, path: string): T {
  const item = items.find((i) => i.name === name);
  if (!item) throw new Error(`kubeconfig ${path}: no ${what} named "${name}"`);
  return item;
}

/** The connection of the kubeconfig's current context. Throws on anything the backend will not use. */
export function connectionFromKubeconfig(path: string): KubeConnection {
  const parsed = Kubeconfig.safeParse(parseYaml(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`kubeconfig ${path} is not valid: ${z.prettifyError(parsed.error)}`);
  const config = parsed.data;
  const context = named(config.contexts, config['current-context'], 'context', path).context;
  const { cluster } = named(config.clusters, context.cluster, 'cluster', path);
  const { user } = named(config.users, context.user, 'user', path);
  if (cluster['insecure-skip-tls-verify']) {
    throw new Error(`kubeconfig ${path}: insecure-skip-tls-verify is refused; tokens are only sent to a verified server`);
  }
  if (!cluster.server.startsWith('https://')) throw new Error(`kubeconfig ${path}: the server must be an https:// URL`);
  if (user.exec || user['auth-provider']) {
    throw new Error(`kubeconfig ${path}: exec plugins and auth providers are not supported; use a token or a client certificate`);
  }
  const folder = dirname(path);
  const cert = dataOrFile(folder, user['client-certificate-data'], user['client-certificate']);
  const key = dataOrFile(folder, user['client-key-data'], user['client-key']);
  const { token, tokenFile } = user;
  if (!token && !tokenFile && !(cert && key)) {
    throw new Error(`kubeconfig ${path}: user "${context.user}" has neither a token nor a client certificate and key`);
  }
  return {
    server: cluster.server,
    tls: {
      ca: dataOrFile(folder, cluster['certificate-authority-data'], cluster['certificate-authority']),
      cert,
      key,
      servername: cluster['tls-server-name'],
    },
    bearerToken: token
      ? async () => token
      : tokenFile
        ? async () => (await readFile(resolve(folder, tokenFile), 'utf8')).trim()
        : undefined,
  };
}

/** The pod's own ServiceAccount, as client-go's in-cluster config finds it. */
export function inClusterConnection(
  serviceAccountDir = IN_CLUSTER_SERVICE_ACCOUNT_DIR,
  env: Readonly<Record<string, string | undefined>> = process.env,
): KubeConnection {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) throw new Error('no kubeconfig given and not in a pod: KUBERNETES_SERVICE_HOST/PORT are not set');
  const tokenPath = join(serviceAccountDir, 'token');
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    tls: { ca: readFileSync(join(serviceAccountDir, 'ca.crt')) },
    bearerToken: async () => (await readFile(tokenPath, 'utf8')).trim(),
  };
}

export function createKubeHttpClient(connection: KubeConnection, timeoutMs: number): AxiosInstance {
  const client = axios.create({
    baseURL: connection.server,
    timeout: timeoutMs,
    maxRedirects: 0,
    httpsAgent: new Agent(connection.tls),
  });
  const { bearerToken } = connection;
  if (bearerToken) {
    client.interceptors.request.use(async (request) => {
      request.headers.Authorization = `Bearer ${await bearerToken()}`;
      return request;
    });
  }
  return client;
}
