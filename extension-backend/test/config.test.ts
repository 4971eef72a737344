import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, numCtxFor } from '../src/config';

const TOKEN = { DROVER_MCP_AUTH_TOKEN: 'mcp-secret' };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'drover-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to a new file in the test's directory and returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('configuration defaults', () => {
  it('need nothing but the MCP token', () => {
    const config = loadConfig(TOKEN);
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8055, bodyLimitBytes: 65536, requestsPerMinute: 120, messagesPerMinute: 20 });
    expect(config.ollama).toMatchObject({
      url: 'http://127.0.0.1:11434',
      model: 'qwen3:8b',
      fallbackModels: [],
      numCtx: 16384,
      numCtxByModel: {},
      pullMissing: false,
      keepAlive: '30m',
    });
    expect(config.ollama.think).toBeUndefined();
    expect(config.auth).toMatchObject({ mode: 'standalone', tokenReview: true });
    expect(config.mcp).toMatchObject({ url: 'http://127.0.0.1:3000/mcp', token: 'mcp-secret', servers: [] });
    expect(config.agent).toEqual({ maxSteps: 12, maxTurnSeconds: 600, approvalTimeoutSeconds: 120, toolResultShare: 0.15 });
    expect(config.logLevel).toBe('info');
  });

  it('ignore variables that are set but empty', () => {
    expect(loadConfig({ ...TOKEN, DROVER_PORT: '', DROVER_MODEL: '' }).http.port).toBe(8055);
  });
});

describe('environment variables', () => {
  it('set numbers, strings and booleans with their types', () => {
    const config = loadConfig({
      ...TOKEN,
      DROVER_PORT: '9000',
      DROVER_HOST: '0.0.0.0',
      DROVER_MODEL: 'llama3.2:3b',
      DROVER_NUM_CTX: '8192',
      DROVER_PULL_MISSING: 'true',
      DROVER_TOKEN_REVIEW: '1',
      DROVER_MAX_STEPS: '5',
      DROVER_LOG_LEVEL: 'debug',
    });
    expect(config.http).toMatchObject({ port: 9000, host: '0.0.0.0' });
    expect(config.ollama).toMatchObject({ model: 'llama3.2:3b', numCtx: 8192, pullMissing: true });
    expect(config.auth.tokenReview).toBe(true);
    expect(config.agent.maxSteps).toBe(5);
    expect(config.logLevel).toBe('debug');
    expect(loadConfig({ ...TOKEN, DROVER_PULL_MISSING: '0' }).ollama.pullMissing).toBe(false);
  });

  it('read a list of fallback models, skipping blanks', () => {
    expect(loadConfig({ ...TOKEN, DROVER_FALLBACK_MODELS: 'llama3.2:3b, qwen2.5:7b,, ' }).ollama.fallbackModels).toEqual([
      'llama3.2:3b',
      'qwen2.5:7b',
    ]);
  });

  it.each<[string, boolean | string]>([
    ['true', true],
    ['false', false],
    ['high', 'high'],
    ['low', 'low'],
  ])('read DROVER_THINK=%s', (raw, think) => {
    expect(loadConfig({ ...TOKEN, DROVER_THINK: raw }).ollama.think).toBe(think);
  });

  it.each<[string, string, RegExp]>([
    ['DROVER_PORT', 'eighty', /^DROVER_PORT must be a number \(got "eighty"\)$/],
    ['DROVER_PORT', ' ', /^DROVER_PORT must be a number/],
    ['DROVER_PULL_MISSING', 'yes', /^DROVER_PULL_MISSING must be true or false \(got "yes"\)$/],
    ['DROVER_PORT', '70000', /^invalid configuration at http\.port \(DROVER_PORT\): Too big/],
    ['DROVER_NUM_CTX', '1024', /DROVER_NUM_CTX/],
    ['DROVER_MAX_STEPS', '2.5', /DROVER_MAX_STEPS/],
    ['DROVER_THINK', 'extreme', /DROVER_THINK/],
    ['DROVER_AUTH_MODE', 'ldap', /DROVER_AUTH_MODE/],
    [
      'DROVER_OLLAMA_URL',
      'ollama:11434',
      /^invalid configuration at ollama\.url \(DROVER_OLLAMA_URL\): expected an http:\/\/ or https:\/\/ URL$/,
    ],
    ['DROVER_MCP_URL', 'not a url', /\(DROVER_MCP_URL\)/],
    ['DROVER_LOG_LEVEL', 'verbose', /DROVER_LOG_LEVEL/],
  ])('refuse %s=%j, naming the variable', (name, value, message) => {
    expect(() => loadConfig({ ...TOKEN, [name]: value })).toThrow(message);
  });
});

describe('the MCP token', () => {
  it('is read from a file, without its line end', () => {
    const config = loadConfig({ DROVER_MCP_AUTH_TOKEN_FILE: file('mcp-token', 'from-file\n') });
    expect(config.mcp.token).toBe('from-file');
  });

  it('is taken from the variable when both are set', () => {
    expect(loadConfig({ ...TOKEN, DROVER_MCP_AUTH_TOKEN_FILE: file('other-token', 'from-file') }).mcp.token).toBe('mcp-secret');
  });

  it('is required', () => {
    expect(() => loadConfig({})).toThrow(/DROVER_MCP_AUTH_TOKEN or DROVER_MCP_AUTH_TOKEN_FILE/);
  });
});

describe('authentication settings', () => {
  it("need Rancher's URL in rancher mode", () => {
    expect(() => loadConfig({ ...TOKEN, DROVER_AUTH_MODE: 'rancher' })).toThrow('auth mode "rancher" needs DROVER_RANCHER_URL');
    const config = loadConfig({ ...TOKEN, DROVER_AUTH_MODE: 'rancher', DROVER_RANCHER_URL: 'https://rancher.cattle-system.svc' });
    expect(config.auth).toMatchObject({ mode: 'rancher', rancherUrl: 'https://rancher.cattle-system.svc' });
  });

  it('refuse standalone mode that nobody could log in to', () => {
    expect(() => loadConfig({ ...TOKEN, DROVER_TOKEN_REVIEW: 'false' })).toThrow(/otherwise nobody can log in/);
    const config = loadConfig({ ...TOKEN, DROVER_TOKEN_REVIEW: 'false', DROVER_STATIC_TOKENS_FILE: '/etc/drover/tokens.csv' });
    expect(config.auth).toMatchObject({ tokenReview: false, staticTokensFile: '/etc/drover/tokens.csv' });
  });
});

describe('a configuration file', () => {
  const YAML = [
    'http:',
    '  host: 0.0.0.0',
    '  port: 9100',
    'ollama:',
    '  model: qwen3:14b',
    '  fallbackModels: [qwen3:8b, llama3.2:3b]',
    '  numCtx: 8192',
    '  numCtxByModel:',
    '    qwen3:14b: 32768',
    '  think: medium',
    'mcp:',
    '  token: from-yaml',
    'logLevel: warn',
  ].join('\n');

  it('is read, with environment variables winning over it key by key', () => {
    const config = loadConfig({ DROVER_CONFIG: file('drover.yaml', YAML), DROVER_PORT: '9200', DROVER_FALLBACK_MODELS: 'llama3.2:1b' });
    expect(config.http).toMatchObject({ host: '0.0.0.0', port: 9200 });
    expect(config.ollama).toMatchObject({ model: 'qwen3:14b', fallbackModels: ['llama3.2:1b'], numCtx: 8192, think: 'medium' });
    expect(config.mcp.token).toBe('from-yaml');
    expect(config.logLevel).toBe('warn');
  });

  it('sets the context window per model', () => {
    const config = loadConfig({ DROVER_CONFIG: file('per-model.yaml', YAML) });
    expect(numCtxFor(config, 'qwen3:14b')).toBe(32768);
    expect(numCtxFor(config, 'llama3.2:3b')).toBe(8192);
    expect(numCtxFor(loadConfig(TOKEN), 'qwen3:8b')).toBe(16384);
  });

  it('may be empty', () => {
    expect(loadConfig({ ...TOKEN, DROVER_CONFIG: file('empty.yaml', '') }).http.port).toBe(8055);
  });

  it('must be a mapping', () => {
    const path = file('list.yaml', '- port: 1\n');
    expect(() => loadConfig({ ...TOKEN, DROVER_CONFIG: path })).toThrow(`${path}: the configuration must be a YAML mapping`);
  });

  it('names the key of an invalid value', () => {
    expect(() => loadConfig({ ...TOKEN, DROVER_CONFIG: file('bad.yaml', 'agent:\n  maxSteps: 0\n') })).toThrow(
      /^invalid configuration at agent\.maxSteps: /,
    );
  });

  it('adds further MCP servers, each with its own token', () => {
    const path = file(
      'servers.yaml',
      [
        'mcp:',
        '  servers:',
        '    - { name: docs, url: "http://docs:8080/mcp", token: docs-secret }',
        `    - { name: grafana, url: "http://grafana:3000/mcp", tokenFile: "${file('grafana-token', 'g-secret\n')}" }`,
        '    - { name: public, url: "http://public/mcp" }',
      ].join('\n'),
    );
    const servers = loadConfig({ ...TOKEN, DROVER_CONFIG: path }).mcp.servers;
    expect(servers.map((s) => [s.name, s.token])).toEqual([
      ['docs', 'docs-secret'],
      ['grafana', 'g-secret'],
      ['public', undefined],
    ]);
  });

  it.each<[string, string]>([
    ['used twice', '[{ name: docs, url: "http://a/mcp" }, { name: docs, url: "http://b/mcp" }]'],
    ["Drover's own k8s prefix", '[{ name: k8s, url: "http://a/mcp" }]'],
    ["Drover's own helm prefix", '[{ name: helm, url: "http://a/mcp" }]'],
  ])('refuses an MCP server name %s', (_case, servers) => {
    const path = file('clash.yaml', `mcp:\n  servers: ${servers}\n`);
    expect(() => loadConfig({ ...TOKEN, DROVER_CONFIG: path })).toThrow(/MCP server name "(docs|k8s|helm)" is used twice or clashes/);
  });

  it('refuses an MCP server URL that is not http(s)', () => {
    const path = file('bad-url.yaml', 'mcp:\n  servers: [{ name: docs, url: "docs:8080" }]\n');
    expect(() => loadConfig({ ...TOKEN, DROVER_CONFIG: path })).toThrow(/^invalid configuration at mcp\.servers\.0\.url: expected an http/);
  });

  it('refuses an MCP server name that cannot be a tool prefix', () => {
    const path = file('bad-name.yaml', 'mcp:\n  servers: [{ name: My_Docs, url: "http://a/mcp" }]\n');
    expect(() => loadConfig({ ...TOKEN, DROVER_CONFIG: path })).toThrow(
      /^invalid configuration at mcp\.servers\.0\.name: lower-case letters and digits/,
    );
  });
});
