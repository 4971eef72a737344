// Names Kubernetes would refuse, in every name field of every tool: each is refused with a message that names the
// field and the rule, never an "internal error", and nothing reaches the cluster.
import { createRuntime } from '../../src/runtime-factory';
import { allTools } from '../../src/tools';
import { ADMIN, connect, testConfig, textOf, type Connected } from '../support/harness';
import { FUZZ_NAMESPACE, validArgs } from './tool-fixtures';

/** Object names (DNS-1123 subdomains, ≤ 253) that Kubernetes refuses. */
const BAD_NAMES = ['a..b', '.', '..', '-a', 'a-', 'a.', '.a', 'a.-b', 'a-.b', 'A', 'Web', 'a_b', 'a b', 'a/b', '', 'a'.repeat(254)];
/** Namespaces and containers are single labels: also no dot, and at most 63. */
const BAD_LABELS = [...BAD_NAMES, 'a.b', 'a'.repeat(64)];
/** Helm release names are subdomains of at most 53. */
const BAD_RELEASES = [...BAD_NAMES, 'a'.repeat(54)];
const BAD: Record<string, string[]> = {
  name: BAD_NAMES,
  pod: BAD_NAMES,
  namespace: BAD_LABELS,
  container: BAD_LABELS,
  release: BAD_RELEASES,
};

const RULES: Record<string, string> = {
  name: 'must be a Kubernetes object name',
  pod: 'must be a Kubernetes object name',
  namespace: 'must be a DNS-1123 label',
  container: 'must be a DNS-1123 label',
  release: 'must be a Helm release name',
};

let mcp: Connected;
let config: ReturnType<typeof testConfig>;

beforeAll(async () => {
  // Every tool offered: admin mode, exec on, a chart repository (never contacted: the schema refuses first).
  config = testConfig({
    mode: 'admin',
    policy: { allowExec: true, protectedNamespaces: ['kube-system'], deniedKinds: [] },
    helm: { repositories: [{ name: 'drover-test', url: 'https://charts.example.com' }] },
  });
  mcp = await connect({ rt: createRuntime(config), identity: ADMIN });
});
afterAll(() => mcp.close());

const cases = allTools.flatMap((tool) =>
  Object.keys(RULES)
    .filter((field) => field in tool.input)
    .flatMap((field) => BAD[field].map((value) => ({ tool: tool.name, field, value }))),
);
const shown = (value: string) => (value.length > 20 ? `${value.length} characters` : JSON.stringify(value));

describe('names Kubernetes refuses', () => {
  it('covers every name field of every tool, each tool offered', async () => {
    expect((await mcp.client.listTools()).tools.map((t) => t.name).sort()).toEqual(allTools.map((t) => t.name).sort());
    expect(new Set(cases.map((c) => c.field))).toEqual(new Set(Object.keys(RULES)));
  });

  it.each(cases.map((c) => [c.tool, c.field, shown(c.value), c] as const))(
    '%s refuses %s=%s clearly',
    async (_tool, _field, _shown, { tool, field, value }) => {
      const res = await mcp.call(tool, { ...validArgs[tool], [field]: value });
      expect(res.isError).toBe(true);
      const text = textOf(res);
      expect(text).not.toContain('internal error');
      expect(text).toContain(RULES[field]);
      expect(text).toContain(` at ${field}`);
    },
  );

  it('refuses such a name inside a manifest before anything is sent', async () => {
    for (const name of ['a..b', 'a.-b', 'A']) {
      const manifest = JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: FUZZ_NAMESPACE },
        data: { a: '1' },
      });
      const res = await mcp.call('k8s_apply', { manifest, namespace: FUZZ_NAMESPACE });
      expect(res.isError).toBe(true);
      expect(textOf(res)).not.toContain('internal error');
      expect(textOf(res)).toContain(`metadata.name ${JSON.stringify(name)} must be a Kubernetes object name`);
    }
  });

  it('still takes the names Kubernetes takes, RBAC names with ":" included', async () => {
    for (const name of ['a', 'web-1', 'web.v1', 'a.b-c.d', 'system:controller:job-controller', 'a'.repeat(253)]) {
      const res = await mcp.call('k8s_get', { kind: 'clusterroles', name });
      expect(textOf(res)).not.toContain('must be a Kubernetes object name');
    }
    const res = await mcp.call('k8s_get', { kind: 'clusterroles', name: 'system:controller:job-controller' });
    expect(res.isError).toBeFalsy();
  });
});
