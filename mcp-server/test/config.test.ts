import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';

const dir = mkdtempSync(join(tmpdir(), 'drover-config-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const TOKEN = 'a-long-enough-shared-token';

describe('configuration', () => {
  it('defaults to read-only, impersonation, port 3000 on loopback', () => {
    const c = loadConfig([], { DROVER_MCP_AUTH_TOKEN: TOKEN });
    expect(c).toMatchObject({
      mode: 'read-only',
      transport: 'http',
      http: { host: '127.0.0.1', port: 3000 },
      identity: { mode: 'impersonate' },
    });
    expect(c.policy.protectedNamespaces).toEqual(['kube-system', 'kube-public', 'kube-node-lease', 'cattle-*', 'fleet-*']);
  });

  it('layers file < environment < flags', () => {
    const cfg = file('a.yaml', `mode: admin\nhttp:\n  port: 4000\n  authToken: ${TOKEN}\nlimits:\n  timeoutSeconds: 10\n`);
    const c = loadConfig(['--config', cfg, '--port', '5000'], { DROVER_MCP_PORT: '4500', DROVER_MCP_MODE: 'read-write' });
    expect(c.http.port).toBe(5000);
    expect(c.mode).toBe('read-write');
    expect(c.limits.timeoutSeconds).toBe(10);
  });

  it('parses lists and booleans from the environment', () => {
    const c = loadConfig([], {
      DROVER_MCP_AUTH_TOKEN: TOKEN,
      DROVER_MCP_PROTECTED_NAMESPACES: 'prod, prod-*',
      DROVER_MCP_ALLOW_EXEC: 'true',
    });
    expect(c.policy.protectedNamespaces).toEqual(['prod', 'prod-*']);
    expect(c.policy.allowExec).toBe(true);
  });

  it('allows the kubeconfig identity over HTTP on loopback only', () => {
    expect(loadConfig(['--identity-mode', 'kubeconfig'], { DROVER_MCP_AUTH_TOKEN: TOKEN }).identity.mode).toBe('kubeconfig');
  });

  it('reads the shared token from a file', () => {
    expect(loadConfig(['--auth-token-file', file('t', `${TOKEN}\n`)], {}).http.authToken).toBe(TOKEN);
  });

  it.each([
    [[], {}, 'HTTP transport needs a shared bearer token'],
    [['--mode', 'yolo'], { DROVER_MCP_AUTH_TOKEN: TOKEN }, 'invalid configuration at mode'],
    [['--port', 'http'], { DROVER_MCP_AUTH_TOKEN: TOKEN }, '--port must be a number'],
    [[], { DROVER_MCP_AUTH_TOKEN: TOKEN, DROVER_MCP_ALLOW_EXEC: 'yes' }, 'DROVER_MCP_ALLOW_EXEC must be true or false'],
    [
      ['--identity-mode', 'kubeconfig', '--host', '0.0.0.0'],
      { DROVER_MCP_AUTH_TOKEN: TOKEN },
      'only allowed on stdio, or over HTTP bound to loopback',
    ],
    [['--identity-mode', 'rancher'], { DROVER_MCP_AUTH_TOKEN: TOKEN }, 'needs the Rancher URL'],
    [[], { DROVER_MCP_AUTH_TOKEN: 'short' }, 'invalid configuration at http.authToken'],
    [['--no-such-flag'], {}, "Unknown option '--no-such-flag'"],
  ])('refuses %j %j with a clear message', (argv, env, message) => {
    expect(() => loadConfig(argv as string[], env as NodeJS.ProcessEnv)).toThrow(message);
  });
});
