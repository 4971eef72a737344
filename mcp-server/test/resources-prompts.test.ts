// MCP resources (k8s:// URIs) and prompts, through a real client against the real cluster.
import { kubectlOk, seedShop, type ShopSeed } from '../../tests/cluster';
import { ADMIN, cluster, connect, EDITOR, VIEWER, type Connected } from './support/harness';

const NS = 'mcp-resources';
let viewer: Connected;
let shop: ShopSeed;

beforeAll(async () => {
  shop = await seedShop(cluster, NS);
  viewer = await connect({ identity: VIEWER });
});
afterAll(() => viewer.close());

const text = (res: { contents: object[] }) => String((res.contents[0] as { text?: string }).text);

describe('resources', () => {
  it('lists the fixed resources and the two object templates', async () => {
    const { resources } = await viewer.client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual(['k8s://cluster', 'k8s://namespaces']);
    const { resourceTemplates } = await viewer.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      'k8s://cluster/{kind}/{name}',
      'k8s://namespaces/{namespace}/{kind}/{name}',
    ]);
  });

  it('summarises the cluster as the caller sees it', async () => {
    const running = JSON.parse(
      await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, [
        'get',
        'pods',
        '-A',
        '--field-selector=status.phase=Running',
        '-o',
        'json',
      ]),
    ).items.length;
    const summary = text(await viewer.client.readResource({ uri: 'k8s://cluster' }));
    expect(summary).toContain(`Kubernetes v${cluster.versions.KUBERNETES_VERSION}`);
    // The built-in view role does not include nodes.
    expect(summary).toContain('Nodes: not visible to you');
    expect(summary).toContain(`Pods: ${running} Running,`);
    const admin = await connect({ identity: ADMIN });
    try {
      expect(text(await admin.client.readResource({ uri: 'k8s://cluster' }))).toMatch(/Nodes: 2 \(2 Ready\)/);
    } finally {
      await admin.close();
    }
  });

  it('lists namespaces', async () => {
    expect(text(await viewer.client.readResource({ uri: 'k8s://namespaces' }))).toContain(`${NS} (Active)`);
  });

  it('reads any object by URI, secrets redacted', async () => {
    const deployment = text(await viewer.client.readResource({ uri: `k8s://namespaces/${NS}/deployment/web` }));
    expect(deployment).toContain('kind: Deployment');
    const admin = await connect({ identity: ADMIN });
    try {
      const secret = text(await admin.client.readResource({ uri: `k8s://namespaces/${NS}/secret/payments-db` }));
      expect(secret).toMatch(/password: <redacted \d+ bytes>/);
      for (const value of shop.canaries) expect(secret).not.toContain(value);
    } finally {
      await admin.close();
    }
  });

  it('reads cluster-scoped objects', async () => {
    expect(text(await viewer.client.readResource({ uri: `k8s://cluster/namespace/${NS}` }))).toContain('kind: Namespace');
  });

  it('refuses hostile URI parts and reports RBAC denials', async () => {
    await expect(viewer.client.readResource({ uri: `k8s://namespaces/${NS}/deployment/--kubeconfig=x` })).rejects.toThrow(/invalid name/);
    await expect(viewer.client.readResource({ uri: `k8s://namespaces/${NS}/secret/payments-db` })).rejects.toThrow(
      /cannot get resource "secrets"/,
    );
  });
});

describe('prompts', () => {
  it('offers the five investigations', async () => {
    const editor = await connect({ identity: EDITOR });
    try {
      const { prompts } = await editor.client.listPrompts();
      expect(prompts.map((p) => p.name)).toEqual([
        'troubleshoot_pod',
        'scale_safely',
        'cluster_health_report',
        'security_assessment',
        'cost_optimization',
      ]);
      const got = await editor.client.getPrompt({ name: 'troubleshoot_pod', arguments: { namespace: NS, pod: 'checkout-1' } });
      const body = (got.messages[0].content as { text: string }).text;
      expect(body).toContain('pod checkout-1 in namespace shop'.replace('shop', NS));
      expect(body).toContain('k8s_logs');
      await expect(
        editor.client.getPrompt({ name: 'troubleshoot_pod', arguments: { namespace: '-n kube-system', pod: 'x' } }),
      ).rejects.toThrow();
    } finally {
      await editor.close();
    }
  });
});
