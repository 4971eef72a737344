// Configuration: a YAML file (--config), then DROVER_MCP_* environment variables, then command-line flags; later
// sources win. SETTINGS is the one list of what can be set outside the file; README's table is generated from it.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const DEFAULT_PROTECTED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'cattle-*', 'fleet-*'];

/** Kinds no tool may change (verbs omitted = every write verb). */
export const DEFAULT_DENIED_KINDS: { kind: string; verbs?: ('create' | 'update' | 'patch' | 'delete' | 'exec')[] }[] = [
  { kind: 'ClusterRole' },
  { kind: 'ClusterRoleBinding' },
  { kind: 'Node', verbs: ['delete'] },
  { kind: 'Namespace', verbs: ['delete'] },
  { kind: 'CustomResourceDefinition', verbs: ['delete'] },
  { kind: 'ValidatingWebhookConfiguration' },
  { kind: 'MutatingWebhookConfiguration' },
];

const WriteVerb = z.enum(['create', 'update', 'patch', 'delete', 'exec']);

export const ConfigSchema = z.object({
  transport: z.enum(['http', 'stdio']).default('http'),
  http: z
    .object({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(3000),
      /** Shared secret the backend presents as `Authorization: Bearer …`; required for HTTP. */
      authToken: z.string().min(16).optional(),
      authTokenFile: z.string().optional(),
      /** Browser origins allowed to call; requests with any other Origin header are refused. */
      allowedOrigins: z.array(z.string()).default([]),
      /** Serve /metrics without the bearer token (for a scraper that cannot send it); off by default. */
      metricsOpen: z.boolean().default(false),
    })
    .prefault({}),
  mode: z.enum(['read-only', 'read-write', 'admin']).default('read-only'),
  identity: z
    .object({
      /** impersonate: the server's kubeconfig/ServiceAccount + --as; rancher: the user's token via Rancher; kubeconfig: acts as the kubeconfig's own user (stdio, or HTTP on loopback). */
      mode: z.enum(['impersonate', 'rancher', 'kubeconfig']).default('impersonate'),
      /** The server's own kubeconfig (impersonate, kubeconfig modes); in-cluster ServiceAccount when absent. */
      kubeconfig: z.string().optional(),
      rancherUrl: z.url().optional(),
      rancherCaFile: z.string().optional(),
    })
    .prefault({}),
  policy: z
    .object({
      protectedNamespaces: z.array(z.string()).default(DEFAULT_PROTECTED_NAMESPACES),
      deniedKinds: z.array(z.object({ kind: z.string(), verbs: z.array(WriteVerb).optional() })).default(DEFAULT_DENIED_KINDS),
      allowExec: z.boolean().default(false),
    })
    .prefault({}),
  helm: z
    .object({
      /** Chart repositories the admin allows, by name; charts are referenced as <name>/<chart>. */
      repositories: z
        .array(z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/), url: z.url(), caFile: z.string().optional() }))
        .default([]),
      /** OCI registries (host[/path] prefixes) allowed for oci:// charts. */
      ociRegistries: z.array(z.string()).default([]),
    })
    .prefault({}),
  limits: z
    .object({
      timeoutSeconds: z.number().int().min(1).max(600).default(30),
      /** Bytes read from one kubectl/helm process before it is stopped. */
      maxOutputBytes: z
        .number()
        .int()
        .min(1024)
        .default(16 * 1024 * 1024),
      maxConcurrent: z.number().int().min(1).default(8),
      maxQueued: z.number().int().min(0).default(64),
      /** Upper bound for the text a result gives the model (≈4 characters per token). */
      resultTokenBudget: z.number().int().min(200).default(1500),
    })
    .prefault({}),
  plans: z.object({ ttlSeconds: z.number().int().min(5).max(3600).default(120) }).prefault({}),
  audit: z.object({ file: z.string().optional() }).prefault({}),
  binaries: z.object({ kubectl: z.string().default('kubectl'), helm: z.string().default('helm') }).prefault({}),
  /** Shared, writable kubectl discovery cache (discovery data is not per user). */
  cacheDir: z.string().default(join(tmpdir(), 'drover-mcp-cache')),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema>;

type Kind = 'string' | 'number' | 'boolean' | 'list';

/** Everything settable by environment variable or flag: [config path, env, flag, type, description]. */
export const SETTINGS: [string, string, string, Kind, string][] = [
  ['transport', 'DROVER_MCP_TRANSPORT', 'transport', 'string', 'http (default) or stdio'],
  ['http.host', 'DROVER_MCP_HOST', 'host', 'string', 'address to listen on (default 127.0.0.1)'],
  ['http.port', 'DROVER_MCP_PORT', 'port', 'number', 'port to listen on (default 3000)'],
  ['http.authToken', 'DROVER_MCP_AUTH_TOKEN', 'auth-token', 'string', 'shared bearer token of the backend (≥ 16 characters)'],
  ['http.authTokenFile', 'DROVER_MCP_AUTH_TOKEN_FILE', 'auth-token-file', 'string', 'file holding that token'],
  ['http.allowedOrigins', 'DROVER_MCP_ALLOWED_ORIGINS', 'allowed-origins', 'list', 'comma-separated browser origins allowed to call'],
  ['http.metricsOpen', 'DROVER_MCP_METRICS_OPEN', 'metrics-open', 'boolean', 'serve /metrics without the bearer token (default false)'],
  ['mode', 'DROVER_MCP_MODE', 'mode', 'string', 'read-only (default), read-write or admin'],
  [
    'identity.mode',
    'DROVER_MCP_IDENTITY_MODE',
    'identity-mode',
    'string',
    'impersonate (default), rancher, or kubeconfig (stdio or loopback only)',
  ],
  [
    'identity.kubeconfig',
    'DROVER_MCP_KUBECONFIG',
    'kubeconfig',
    'string',
    "the server's own kubeconfig (default: in-cluster ServiceAccount)",
  ],
  ['identity.rancherUrl', 'DROVER_MCP_RANCHER_URL', 'rancher-url', 'string', 'Rancher URL for rancher identity mode'],
  ['identity.rancherCaFile', 'DROVER_MCP_RANCHER_CA_FILE', 'rancher-ca-file', 'string', "CA bundle of Rancher's certificate"],
  [
    'policy.protectedNamespaces',
    'DROVER_MCP_PROTECTED_NAMESPACES',
    'protected-namespaces',
    'list',
    'namespaces (globs) where writes are refused',
  ],
  ['policy.allowExec', 'DROVER_MCP_ALLOW_EXEC', 'allow-exec', 'boolean', 'offer k8s_exec (default false)'],
  ['limits.timeoutSeconds', 'DROVER_MCP_TIMEOUT_SECONDS', 'timeout-seconds', 'number', 'deadline of one kubectl/helm call (default 30)'],
  [
    'limits.resultTokenBudget',
    'DROVER_MCP_RESULT_TOKEN_BUDGET',
    'result-token-budget',
    'number',
    'max tokens of text per result (default 1500)',
  ],
  ['limits.maxConcurrent', 'DROVER_MCP_MAX_CONCURRENT', 'max-concurrent', 'number', 'kubectl/helm processes at once (default 8)'],
  ['audit.file', 'DROVER_MCP_AUDIT_FILE', 'audit-file', 'string', 'append-only audit log file (also on stdout)'],
  ['binaries.kubectl', 'DROVER_MCP_KUBECTL', 'kubectl', 'string', 'kubectl binary (default: from PATH)'],
  ['binaries.helm', 'DROVER_MCP_HELM', 'helm', 'string', 'helm binary (default: from PATH)'],
  ['cacheDir', 'DROVER_MCP_CACHE_DIR', 'cache-dir', 'string', 'kubectl discovery cache folder'],
  ['logLevel', 'DROVER_MCP_LOG_LEVEL', 'log-level', 'string', 'fatal … trace, or silent (default info)'],
];

function convert(raw: string, kind: Kind, source: string): unknown {
  switch (kind) {
    case 'number': {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new Error(`${source} must be a number (got "${raw}")`);
      return n;
    }
    case 'boolean':
      if (!['true', 'false', '1', '0'].includes(raw)) throw new Error(`${source} must be true or false (got "${raw}")`);
      return raw === 'true' || raw === '1';
    case 'list':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      return raw;
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

export function loadConfig(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Config {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { config: { type: 'string' }, ...Object.fromEntries(SETTINGS.map(([, , flag]) => [flag, { type: 'string' as const }])) },
  });
  const file = values.config ?? env.DROVER_MCP_CONFIG;
  let merged: Record<string, unknown> = {};
  if (file) {
    const parsed = parseYaml(readFileSync(file, 'utf8')) ?? {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${file}: the configuration must be a YAML mapping`);
    merged = parsed as Record<string, unknown>;
  }
  const fromEnv: Record<string, unknown> = {};
  const fromFlags: Record<string, unknown> = {};
  for (const [path, envName, flag, kind] of SETTINGS) {
    const e = env[envName];
    if (e !== undefined && e !== '') setPath(fromEnv, path, convert(e, kind, envName));
    const f = (values as Record<string, string | undefined>)[flag];
    if (f !== undefined) setPath(fromFlags, path, convert(f, kind, `--${flag}`));
  }
  merged = deepMerge(deepMerge(merged, fromEnv), fromFlags);
  const result = ConfigSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`invalid configuration at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const config = result.data;
  if (config.http.authTokenFile && !config.http.authToken) {
    config.http.authToken = readFileSync(config.http.authTokenFile, 'utf8').trim();
  }
  validateCombination(config);
  return config;
}

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

function validateCombination(config: Config): void {
  if (config.transport === 'http' && !config.http.authToken) {
    throw new Error('HTTP transport needs a shared bearer token: set DROVER_MCP_AUTH_TOKEN(_FILE) or --auth-token(-file)');
  }
  if (config.transport === 'http' && config.identity.mode === 'kubeconfig' && !LOOPBACK.includes(config.http.host)) {
    throw new Error(
      'identity mode "kubeconfig" acts as one fixed user: it is only allowed on stdio, or over HTTP bound to loopback (127.0.0.1)',
    );
  }
  if (config.identity.mode === 'rancher' && !config.identity.rancherUrl) {
    throw new Error('identity mode "rancher" needs the Rancher URL (DROVER_MCP_RANCHER_URL or --rancher-url)');
  }
}
