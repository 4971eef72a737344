// Configuration: an optional YAML file (DROVER_CONFIG), then DROVER_* environment variables; variables win.
// ENV_SETTINGS is the one list of what a variable can set; README's table is generated from it. Read once at boot
// (main.ts) and passed down: nothing else reads process.env.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** Only http(s): `ollama:11434` is a valid URL too, and would fail only on the first request. */
const HttpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

const McpServerSchema = z.object({
  /** Routing prefix: the model sees this server's tools as `<name>_<tool>`. */
  name: z.string().regex(/^[a-z][a-z0-9]{0,15}$/, 'lower-case letters and digits, starting with a letter'),
  url: HttpUrl,
  token: z.string().optional(),
  tokenFile: z.string().optional(),
});

export const ConfigSchema = z.object({
  http: z
    .object({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8055),
      /** Largest HTTP request body accepted, and largest WebSocket frame. */
      bodyLimitBytes: z
        .number()
        .int()
        .min(1024)
        .default(64 * 1024),
      /** Requests per minute and user on the HTTP API, and chat messages per minute and user on any transport. */
      requestsPerMinute: z.number().int().min(1).default(120),
      messagesPerMinute: z.number().int().min(1).default(20),
    })
    .prefault({}),
  auth: z
    .object({
      /** rancher: the user's Rancher session, checked by Rancher; standalone: bearer tokens (TokenReview, static list). */
      mode: z.enum(['rancher', 'standalone']).default('standalone'),
      rancherUrl: HttpUrl.optional(),
      rancherCaFile: z.string().optional(),
      /** Standalone: accept tokens the Kubernetes API server vouches for (TokenReview). */
      tokenReview: z.boolean().default(true),
      /** Standalone: credentials for TokenReview; the in-cluster ServiceAccount when absent. */
      kubeconfig: z.string().optional(),
      /** Standalone: a Kubernetes-style static token file (token,user,uid,"group1,group2") for demos. */
      staticTokensFile: z.string().optional(),
    })
    .prefault({}),
  ollama: z
    .object({
      url: HttpUrl.default('http://127.0.0.1:11434'),
      model: z.string().min(1).default('qwen3:8b'),
      /** Tried in order when the model before fails or is missing. */
      fallbackModels: z.array(z.string().min(1)).default([]),
      /** Context window sent with every request; one value per model, so Ollama never reloads it. */
      numCtx: z.number().int().min(2048).default(16384),
      numCtxByModel: z.record(z.string(), z.number().int().min(2048)).default({}),
      keepAlive: z.string().default('30m'),
      /** Pull a configured model that Ollama does not have (progress is shown in the chat). */
      pullMissing: z.boolean().default(false),
      /** Ask thinking models to think (true/false, or low/medium/high for gpt-oss); unset = the model's default. */
      think: z.union([z.boolean(), z.enum(['low', 'medium', 'high'])]).optional(),
      /** Longest wait for the first byte of a reply (models load slowly on CPUs), then between two chunks. */
      firstByteTimeoutSeconds: z.number().int().min(1).default(300),
      idleTimeoutSeconds: z.number().int().min(1).default(120),
    })
    .prefault({}),
  mcp: z
    .object({
      /** Drover's own MCP server: the default tools, reached with the user's identity. */
      url: HttpUrl.default('http://127.0.0.1:3000/mcp'),
      token: z.string().optional(),
      tokenFile: z.string().optional(),
      /** Further MCP servers (file only); their tools are prefixed with the server's name and never see the user's identity. */
      servers: z.array(McpServerSchema).default([]),
      callTimeoutSeconds: z.number().int().min(1).default(120),
    })
    .prefault({}),
  agent: z
    .object({
      /** Model calls per turn before the turn stops with a step-limit notice. */
      maxSteps: z.number().int().min(1).max(100).default(12),
      maxTurnSeconds: z.number().int().min(5).default(600),
      /** Unanswered approvals count as denied after this long (capped by the MCP server's plan lifetime). */
      approvalTimeoutSeconds: z.number().int().min(5).default(120),
      /** Share of the context window one tool result may take. */
      toolResultShare: z.number().min(0.02).max(0.5).default(0.15),
    })
    .prefault({}),
  store: z
    .object({
      path: z.string().default(join(homedir(), '.local', 'share', 'drover', 'drover.db')),
    })
    .prefault({}),
  ui: z
    .object({
      /** build-pkg output (dist-pkg/<name>-<version>) served at /extension for Rancher's UIPlugin; unset = no bundle. */
      bundleDir: z.string().optional(),
    })
    .prefault({}),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema>;
export type McpServerConfig = z.infer<typeof McpServerSchema>;

type Kind = 'string' | 'number' | 'boolean' | 'list' | 'think';

/** Every environment variable: [config path, variable, kind, meaning]. */
export const ENV_SETTINGS: [string, string, Kind, string][] = [
  ['http.host', 'DROVER_HOST', 'string', 'address to listen on (default 127.0.0.1; 0.0.0.0 in a pod)'],
  ['http.port', 'DROVER_PORT', 'number', 'port (default 8055)'],
  ['http.bodyLimitBytes', 'DROVER_BODY_LIMIT_BYTES', 'number', 'largest request body and WebSocket frame (default 65536)'],
  ['http.requestsPerMinute', 'DROVER_REQUESTS_PER_MINUTE', 'number', 'HTTP requests per minute and user (default 120)'],
  ['http.messagesPerMinute', 'DROVER_MESSAGES_PER_MINUTE', 'number', 'chat messages per minute and user (default 20)'],
  ['auth.mode', 'DROVER_AUTH_MODE', 'string', 'rancher or standalone (default)'],
  ['auth.rancherUrl', 'DROVER_RANCHER_URL', 'string', 'Rancher URL (rancher mode), e.g. https://rancher.cattle-system.svc'],
  ['auth.rancherCaFile', 'DROVER_RANCHER_CA_FILE', 'string', "CA bundle of Rancher's certificate"],
  ['auth.tokenReview', 'DROVER_TOKEN_REVIEW', 'boolean', 'standalone: accept tokens via Kubernetes TokenReview (default true)'],
  ['auth.kubeconfig', 'DROVER_KUBECONFIG', 'string', "standalone: the backend's own kubeconfig for TokenReview (default: in-cluster)"],
  ['auth.staticTokensFile', 'DROVER_STATIC_TOKENS_FILE', 'string', 'standalone: static token file (token,user,uid,"groups")'],
  ['ollama.url', 'DROVER_OLLAMA_URL', 'string', 'Ollama URL (default http://127.0.0.1:11434)'],
  ['ollama.model', 'DROVER_MODEL', 'string', 'primary model (default qwen3:8b)'],
  ['ollama.fallbackModels', 'DROVER_FALLBACK_MODELS', 'list', 'comma-separated models tried in order when the one before fails'],
  ['ollama.numCtx', 'DROVER_NUM_CTX', 'number', 'context window in tokens for every model (default 16384)'],
  ['ollama.keepAlive', 'DROVER_KEEP_ALIVE', 'string', 'how long Ollama keeps the model loaded (default 30m)'],
  ['ollama.pullMissing', 'DROVER_PULL_MISSING', 'boolean', 'pull a configured model Ollama lacks (default false)'],
  ['ollama.think', 'DROVER_THINK', 'think', 'true, false, low, medium or high (default: the model decides)'],
  [
    'ollama.firstByteTimeoutSeconds',
    'DROVER_OLLAMA_FIRST_BYTE_TIMEOUT_SECONDS',
    'number',
    'longest wait for a reply to start (default 300; models load slowly)',
  ],
  ['ollama.idleTimeoutSeconds', 'DROVER_OLLAMA_IDLE_TIMEOUT_SECONDS', 'number', 'longest pause inside a streamed reply (default 120)'],
  ['mcp.url', 'DROVER_MCP_URL', 'string', "Drover MCP server's Streamable HTTP URL (default http://127.0.0.1:3000/mcp)"],
  ['mcp.token', 'DROVER_MCP_AUTH_TOKEN', 'string', "the MCP server's shared bearer token"],
  ['mcp.tokenFile', 'DROVER_MCP_AUTH_TOKEN_FILE', 'string', 'file holding that token'],
  ['agent.maxSteps', 'DROVER_MAX_STEPS', 'number', 'model calls per turn (default 12)'],
  ['agent.maxTurnSeconds', 'DROVER_MAX_TURN_SECONDS', 'number', 'wall-clock limit of a turn (default 600)'],
  ['agent.approvalTimeoutSeconds', 'DROVER_APPROVAL_TIMEOUT_SECONDS', 'number', 'unanswered approvals are denied after (default 120)'],
  ['store.path', 'DROVER_DB_PATH', 'string', 'SQLite file for conversations (default ~/.local/share/drover/drover.db)'],
  ['ui.bundleDir', 'DROVER_UI_BUNDLE_DIR', 'string', "the UI extension's build-pkg folder, served at /extension for Rancher's UIPlugin"],
  ['logLevel', 'DROVER_LOG_LEVEL', 'string', 'fatal … trace, or silent (default info)'],
];

function fromEnv(raw: string, kind: Kind, name: string): unknown {
  if (kind === 'number') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new Error(`${name} must be a number (got "${raw}")`);
    return n;
  }
  if (kind === 'boolean' || (kind === 'think' && ['true', 'false'].includes(raw))) {
    if (!['true', 'false', '1', '0'].includes(raw)) throw new Error(`${name} must be true or false (got "${raw}")`);
    return raw === 'true' || raw === '1';
  }
  return kind === 'list'
    ? raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : raw;
}

/** Puts `value` at a dotted path, creating sections as needed. */
function assignAt(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const leaf = keys.pop()!;
  let section = root;
  for (const key of keys) {
    const next = section[key];
    section = (section[key] = next && typeof next === 'object' ? { ...(next as object) } : {}) as Record<string, unknown>;
  }
  section[leaf] = value;
}

function readSecret(value: string | undefined, file: string | undefined): string | undefined {
  return value ?? (file ? readFileSync(file, 'utf8').trim() : undefined);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  let raw: Record<string, unknown> = {};
  if (env.DROVER_CONFIG) {
    const parsed = parseYaml(readFileSync(env.DROVER_CONFIG, 'utf8')) ?? {};
    if (typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error(`${env.DROVER_CONFIG}: the configuration must be a YAML mapping`);
    raw = parsed as Record<string, unknown>;
  }
  for (const [path, name, kind] of ENV_SETTINGS) {
    const value = env[name];
    if (value !== undefined && value !== '') assignAt(raw, path, fromEnv(value, kind, name));
  }
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue.path.join('.');
    const variable = ENV_SETTINGS.find(([path, name]) => path === at && env[name])?.[1];
    throw new Error(`invalid configuration at ${at || '(root)'}${variable ? ` (${variable})` : ''}: ${issue.message}`);
  }
  const config = result.data;
  config.mcp.token = readSecret(config.mcp.token, config.mcp.tokenFile);
  for (const server of config.mcp.servers) server.token = readSecret(server.token, server.tokenFile);
  if (!config.mcp.token)
    throw new Error("the MCP server's bearer token is required: set DROVER_MCP_AUTH_TOKEN or DROVER_MCP_AUTH_TOKEN_FILE");
  if (config.auth.mode === 'rancher' && !config.auth.rancherUrl) throw new Error('auth mode "rancher" needs DROVER_RANCHER_URL');
  if (config.auth.mode === 'standalone' && !config.auth.tokenReview && !config.auth.staticTokensFile) {
    throw new Error('standalone auth needs TokenReview or a static token file (DROVER_STATIC_TOKENS_FILE); otherwise nobody can log in');
  }
  const names = config.mcp.servers.map((s) => s.name);
  const clash = names.find((n, i) => names.indexOf(n) !== i || ['k8s', 'helm'].includes(n));
  if (clash) throw new Error(`MCP server name "${clash}" is used twice or clashes with Drover's own tool prefixes`);
  return config;
}

/** The context window for a model. */
export function numCtxFor(config: Config, model: string): number {
  return config.ollama.numCtxByModel[model] ?? config.ollama.numCtx;
}
