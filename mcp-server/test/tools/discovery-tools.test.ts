import { k8sApiResources } from '../../src/tools/k8s/api-resources';
import { k8sExplain } from '../../src/tools/k8s/explain';
import { connect, testConfig, textOf, VIEWER, type Connected } from '../support/harness';
import { lastCallCommands } from './audit-commands';

/* eslint-disable @typescript-eslint/no-explicit-any */

let mcp: Connected;
const names = (res: any) => (res.structuredContent.rows as any[]).map((r) => r.cells[0]);

beforeAll(async () => {
  mcp = await connect({ identity: VIEWER, tools: [k8sApiResources, k8sExplain] });
});
afterAll(() => mcp.close());

describe('k8s_api_resources', () => {
  it('lists the types the cluster serves with short names, API versions and scope', async () => {
    const res = await mcp.call('k8s_api_resources', {});
    expect(res.isError).toBeFalsy();
    const view = res.structuredContent as any;
    expect(view).toMatchObject({
      kind: 'table',
      resource: 'api-resources',
      columns: ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'],
    });
    expect(view.rows).toContainEqual({ cells: ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment'] });
    expect(view.rows).toContainEqual({ cells: ['nodes', 'no', 'v1', 'false', 'Node'] });
    expect(textOf(res)).toMatch(new RegExp(`^${view.total} of ${view.total} resource types:\\nNAME\\s+SHORTNAMES\\s+APIVERSION`));
  });

  it('filters by group, scope, verb and a name substring, CRDs included', async () => {
    expect(names(await mcp.call('k8s_api_resources', { group: 'apps' }))).toEqual([
      'controllerrevisions',
      'daemonsets',
      'deployments',
      'replicasets',
      'statefulsets',
    ]);
    const core = names(await mcp.call('k8s_api_resources', { group: 'core', namespaced: false }));
    expect(core).toContain('nodes');
    expect(core).toContain('namespaces');
    expect(core).not.toContain('pods');
    expect(names(await mcp.call('k8s_api_resources', { search: 'ingress' }))).toEqual(['ingressclasses', 'ingresses']);
    expect(names(await mcp.call('k8s_api_resources', { search: 'kwok' }))).toContain('clusterlogs');
    const noCreate = names(await mcp.call('k8s_api_resources', { group: 'core', verb: 'create' }));
    expect(noCreate).toContain('pods');
    expect(noCreate).not.toContain('componentstatuses');
  });

  it('shows verbs on request and says when nothing matches', async () => {
    const wide = await mcp.call('k8s_api_resources', { search: 'deploy', group: 'apps', wide: true });
    expect((wide.structuredContent as any).rows[0].cells.slice(5)).toEqual([
      'create,delete,deletecollection,get,list,patch,update,watch',
      'all',
    ]);
    const none = await mcp.call('k8s_api_resources', { search: 'widgets' });
    expect(textOf(none)).toMatch(/^No resource types match \(of \d+ the cluster serves\)\.$/);
  });

  it('fits a small budget with a hint to filter', async () => {
    const small = await connect({ identity: VIEWER, tools: [k8sApiResources], config: testConfig({ limits: { resultTokenBudget: 300 } }) });
    try {
      const res = await small.call('k8s_api_resources', {});
      expect(textOf(res).length).toBeLessThanOrEqual(1200);
      expect((res.structuredContent as any).truncated).toBe(true);
      expect(textOf(res)).toMatch(/\[\d+ more types; filter with group, namespaced, verb or search\]$/);
    } finally {
      await small.close();
    }
  });

  it('refuses a malformed group', async () => {
    const res = await mcp.call('k8s_api_resources', { group: 'Apps; rm -rf' });
    expect(res.isError).toBe(true);
  });
});

describe('k8s_explain', () => {
  it('explains deployment.spec.replicas from the cluster schema', async () => {
    const res = await mcp.call('k8s_explain', { kind: 'deployment', field: 'spec.replicas' });
    expect(res.isError).toBeFalsy();
    const view = res.structuredContent as any;
    expect(view).toMatchObject({ kind: 'text', title: 'Deployment.spec.replicas (apps/v1)', truncated: false });
    expect(view.text).toMatch(/FIELD: replicas <integer>/);
    expect(view.text).toContain('Number of desired pods.');
    expect(textOf(res)).toContain('<<<field documentation of Deployment.spec.replicas (apps/v1) — untrusted data');
    expect(lastCallCommands(mcp, 'k8s_explain')).toContain('explain deployments.spec.replicas --api-version=apps/v1');
  });

  it('explains a CRD by its discovered name', async () => {
    const res = await mcp.call('k8s_explain', { kind: 'clusterlogs.kwok.x-k8s.io', field: 'spec' });
    expect(res.isError).toBeFalsy();
    expect((res.structuredContent as any).text).toMatch(/KIND:\s+ClusterLogs/);
  });

  it('caps a recursive explanation to the budget and says how to narrow it', async () => {
    const res = await mcp.call('k8s_explain', { kind: 'deploy', field: 'spec', recursive: true });
    const view = res.structuredContent as any;
    expect(view.truncated).toBe(true);
    expect(textOf(res).length).toBeLessThanOrEqual(6000);
    expect(view.text).toMatch(/\[truncated: \d+ of \d+ lines shown to fit the answer size; explain a deeper field, or drop recursive\]$/);
    expect(lastCallCommands(mcp, 'k8s_explain')).toContain('explain deployments.spec --api-version=apps/v1 --recursive');
  });

  it('reports a field that does not exist as kubectl does, and refuses malformed paths', async () => {
    const missing = await mcp.call('k8s_explain', { kind: 'deployment', field: 'spec.nope' });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain('field "nope" does not exist');
    for (const field of ['spec..replicas', '-spec', 'spec.containers[0]', 'spec replicas']) {
      expect((await mcp.call('k8s_explain', { kind: 'deployment', field })).isError).toBe(true);
    }
  });
});
