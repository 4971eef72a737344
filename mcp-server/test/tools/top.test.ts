import { applyObjects } from '../../../tests/cluster';
import { parseTop } from '../../src/kube/top-output';
import { k8sTop, METRICS_MISSING } from '../../src/tools/k8s/top';
import { cluster, connect, textOf, VIEWER, type Connected } from '../support/harness';
import { lastCallCommands } from './audit-commands';

const NS = 'h1-top';

// The test cluster has no metrics-server, so real `kubectl top` output cannot be produced here: the parser is
// checked on text in exactly the layout kubectl 1.33 prints (metricsutil/metrics_printer.go, tabwriter padding 3).
const NODES = `NAME          CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)
kwok-node-1   250m         12%         1843Mi          23%
kwok-node-2   <unknown>    <unknown>   <unknown>       <unknown>
`;
const PODS_ALL_NAMESPACES = `NAMESPACE     NAME                            CPU(cores)   MEMORY(bytes)
kube-system   coredns-565d847f94-dfgpz        2m           12Mi
shop          checkout-57b79b7c49-2pw72       1013m        301Mi
`;
const CONTAINERS = `POD                    NAME      CPU(cores)   MEMORY(bytes)
web-6dc9b566d9-58vbr   web       3m           21Mi
web-6dc9b566d9-58vbr   envoy     1m           9Mi
`;

describe('kubectl top output', () => {
  it('reads node metrics into a table with node references, unknown values kept', () => {
    const table = parseTop(NODES, { what: 'nodes', cluster: 'local' });
    expect(table).toEqual({
      kind: 'table',
      resource: 'nodes (metrics)',
      truncated: false,
      columns: ['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'],
      rows: [
        {
          ref: { cluster: 'local', apiVersion: 'v1', kind: 'Node', name: 'kwok-node-1' },
          cells: ['kwok-node-1', '250m', '12%', '1843Mi', '23%'],
        },
        {
          ref: { cluster: 'local', apiVersion: 'v1', kind: 'Node', name: 'kwok-node-2' },
          cells: ['kwok-node-2', '<unknown>', '<unknown>', '<unknown>', '<unknown>'],
        },
      ],
    });
  });

  it('takes the namespace of pod rows from the NAMESPACE column across namespaces', () => {
    const table = parseTop(PODS_ALL_NAMESPACES, { what: 'pods', cluster: 'local' });
    expect(table.resource).toBe('pods (metrics)');
    expect(table.rows.map((r) => [r.ref, r.cells])).toEqual([
      [
        { cluster: 'local', apiVersion: 'v1', kind: 'Pod', namespace: 'kube-system', name: 'coredns-565d847f94-dfgpz' },
        ['kube-system', 'coredns-565d847f94-dfgpz', '2m', '12Mi'],
      ],
      [
        { cluster: 'local', apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'checkout-57b79b7c49-2pw72' },
        ['shop', 'checkout-57b79b7c49-2pw72', '1013m', '301Mi'],
      ],
    ]);
  });

  it('points container rows at their pod in the namespace asked for', () => {
    const table = parseTop(CONTAINERS, { what: 'pods', cluster: 'local', namespace: 'shop' });
    expect(table.resource).toBe('containers (metrics)');
    expect(table.columns).toEqual(['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(table.rows[1]).toEqual({
      ref: { cluster: 'local', apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web-6dc9b566d9-58vbr' },
      cells: ['web-6dc9b566d9-58vbr', 'envoy', '1m', '9Mi'],
    });
  });

  it('reads empty output as no rows', () => {
    expect(parseTop('', { what: 'pods', cluster: 'local' }).rows).toEqual([]);
  });
});

describe('k8s_top', () => {
  let mcp: Connected;
  beforeAll(async () => {
    await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }]);
    mcp = await connect({ identity: VIEWER, tools: [k8sTop] });
  });
  afterAll(() => mcp.close());

  it('says clearly that metrics-server is missing, for pods and for nodes', async () => {
    for (const args of [
      { namespace: NS },
      { what: 'nodes' },
      { namespace: NS, containers: true, sortBy: 'memory', labelSelector: 'app=web' },
    ]) {
      const res = await mcp.call('k8s_top', args);
      expect(res.isError).toBe(true);
      expect(textOf(res)).toBe(METRICS_MISSING);
    }
    expect(METRICS_MISSING).toMatch(
      /^metrics-server is not installed, or the Metrics API \(metrics\.k8s\.io\) is not available in this cluster/,
    );
  });

  it('runs kubectl top with the flags asked for', async () => {
    await mcp.call('k8s_top', { namespace: NS, containers: true, sortBy: 'cpu', labelSelector: 'app=web' });
    expect(lastCallCommands(mcp, 'k8s_top')).toEqual([`top pods --namespace=${NS} --selector=app=web --containers --sort-by=cpu`]);
    await mcp.call('k8s_top', { what: 'nodes', name: 'kwok-node-1' });
    expect(lastCallCommands(mcp, 'k8s_top')).toEqual(['top nodes kwok-node-1']);
    await mcp.call('k8s_top', {});
    expect(lastCallCommands(mcp, 'k8s_top')).toEqual(['top pods --all-namespaces']);
  });
});
