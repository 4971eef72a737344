// Names Kubernetes (or Rancher) would refuse, in every name field of every tool, each tool in a server that offers
// it: each is refused with a message that names the field and the rule, never an "internal error", and nothing
// reaches the cluster or Rancher.
import { testRancher } from '../../../tests/cluster/state';
import { tapRancher, type RancherTap } from '../../../tests/rancher/tap';
import { allTools } from '../../src/tools';
import { inputOf } from '../../src/tools/define-tool';
import { connect, textOf, type Connected } from '../support/harness';
import { offeredArguments, offeredTools, surfaceIdentity, SURFACES, widestConfig, type Surface } from './surfaces';
import { FUZZ_NAMESPACE, validArgs } from './tool-fixtures';

/** Object names (DNS-1123 subdomains, ≤ 253) that Kubernetes refuses. */
const BAD_NAMES = ['a..b', '.', '..', '-a', 'a-', 'a.', '.a', 'a.-b', 'a-.b', 'A', 'Web', 'a_b', 'a b', 'a/b', '', 'a'.repeat(254)];
/** Namespaces and containers are single labels: also no dot, and at most 63. */
const BAD_LABELS = [...BAD_NAMES, 'a.b', 'a'.repeat(64)];
/** Helm release names are subdomains of at most 53. */
const BAD_RELEASES = [...BAD_NAMES, 'a'.repeat(54)];
/**
 * A Rancher cluster id names the namespace of the cluster's projects, so it is a label too; and it goes into Rancher's
 * URLs, so nothing that would move one elsewhere.
 */
const BAD_CLUSTERS = [...BAD_LABELS, '../local', 'local/../../v3', '%2e%2e', 'local?watch=true', 'local#x', 'local\r\n'];
const BAD: Record<string, string[]> = {
  name: BAD_NAMES,
  pod: BAD_NAMES,
  namespace: BAD_LABELS,
  container: BAD_LABELS,
  release: BAD_RELEASES,
  cluster: BAD_CLUSTERS,
};

const RULES: Record<string, string> = {
  name: 'must be a Kubernetes object name',
  pod: 'must be a Kubernetes object name',
  namespace: 'must be a DNS-1123 label',
  container: 'must be a DNS-1123 label',
  release: 'must be a Helm release name',
  cluster: 'must be a Rancher cluster id such as local or c-m-abc12',
};

// A chart repository that is never contacted: the schema refuses first.
const REPOSITORY = { url: 'https://charts.example.com' };
const configs = { standalone: widestConfig('standalone', REPOSITORY), rancher: widestConfig('rancher', REPOSITORY) };
const servers = {} as Record<Surface, Connected>;
let tap: RancherTap;

beforeAll(async () => {
  tap = await tapRancher(testRancher());
  // The same configurations, Rancher's behind the tap that shows whether anything reached it.
  servers.standalone = await connect({ config: configs.standalone, identity: surfaceIdentity('standalone') });
  servers.rancher = await connect({ config: widestConfig('rancher', REPOSITORY, tap), identity: surfaceIdentity('rancher') });
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((mcp) => mcp.close()));
  await tap?.stop();
});

const cases = offeredArguments(configs)
  .filter(({ key }) => key in RULES)
  .flatMap(({ surface, tool, key }) => BAD[key].map((value) => ({ surface, tool, field: key, value })));
const shown = (value: string) => (value.length > 20 ? `${value.length} characters` : JSON.stringify(value));

describe('names Kubernetes refuses', () => {
  it('covers every name field of every tool, each tool offered with the arguments it takes there', async () => {
    for (const surface of SURFACES) {
      const listed = (await servers[surface].client.listTools()).tools;
      const expected = offeredTools(configs[surface]);
      expect(listed.map((t) => t.name)).toEqual(expected.map((t) => t.name));
      expect(listed.map((t) => Object.keys(t.inputSchema.properties ?? {}))).toEqual(
        expected.map((t) => Object.keys(inputOf(t, configs[surface]))),
      );
    }
    expect(new Set(SURFACES.flatMap((surface) => offeredTools(configs[surface]).map((t) => t.name)))).toEqual(
      new Set(allTools.map((t) => t.name)),
    );
    expect(new Set(cases.map((c) => c.field))).toEqual(new Set(Object.keys(RULES)));
  });

  it.each(cases.map((c) => [c.tool, c.field, shown(c.value), c] as const))(
    '%s refuses %s=%s clearly',
    async (_tool, _field, _shown, { surface, tool, field, value }) => {
      const before = tap.requests.length;
      const res = await servers[surface].call(tool, { ...validArgs[tool], [field]: value });
      expect(res.isError).toBe(true);
      const text = textOf(res);
      expect(text).not.toContain('internal error');
      expect(text).toContain(RULES[field]);
      expect(text).toContain(` at ${field}`);
      expect(tap.requests.slice(before)).toEqual([]);
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
      const res = await servers.standalone.call('k8s_apply', { manifest, namespace: FUZZ_NAMESPACE });
      expect(res.isError).toBe(true);
      expect(textOf(res)).not.toContain('internal error');
      expect(textOf(res)).toContain(`metadata.name ${JSON.stringify(name)} must be a Kubernetes object name`);
    }
  });

  it('still takes the names Kubernetes takes, RBAC names with ":" included', async () => {
    for (const name of ['a', 'web-1', 'web.v1', 'a.b-c.d', 'system:controller:job-controller', 'a'.repeat(253)]) {
      const res = await servers.standalone.call('k8s_get', { kind: 'clusterroles', name });
      expect(textOf(res)).not.toContain('must be a Kubernetes object name');
    }
    const res = await servers.standalone.call('k8s_get', { kind: 'clusterroles', name: 'system:controller:job-controller' });
    expect(res.isError).toBeFalsy();
  });

  it('still takes the cluster ids Rancher makes, and asks Rancher about them', async () => {
    for (const cluster of ['local', 'c-7x2kq', 'c-m-abc12xyz', 'a'.repeat(63)]) {
      const before = tap.requests.length;
      const res = await servers.rancher.call('rancher_projects', { cluster });
      expect(textOf(res)).not.toContain(RULES.cluster);
      expect(tap.requests.slice(before).map((r) => r.target)).toContain(`/v1/management.cattle.io.clusters/${cluster}`);
    }
  });
});
