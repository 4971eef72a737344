// rancher_clusters and rancher_projects against the real Rancher, with a second, downstream cluster that never
// connects: each user sees exactly what Rancher's own API shows them (asked here with their token), and the
// cluster that is not Ready/Connected is flagged.
import { readFileSync } from 'node:fs';
import type { TableView } from '@drover/protocol';
import { testRancher } from '../../../tests/cluster/state';
import { rancherClient } from '../../../tests/rancher/client';
import { addImportedCluster, type DownstreamCluster } from '../../../tests/rancher/downstream';
import type { RancherRole } from '../../../tests/rancher/start';
import type { Identity } from '../../src/identity';
import { cluster, connect, testConfig, textOf, type Connected } from '../support/harness';

const rancher = testRancher();
const config = testConfig({ identity: { mode: 'rancher', rancherUrl: rancher.url, rancherCaFile: rancher.caFile, kubeconfig: undefined } });
const asUser = (role: RancherRole, clusterId?: string): Identity => ({
  mode: 'rancher',
  user: rancher.users[role].id,
  token: rancher.users[role].token,
  ...(clusterId ? { cluster: clusterId } : {}),
});
/** Rancher's own API, asked as that user. */
const rancherAs = (role: RancherRole) => rancherClient(rancher.url, readFileSync(rancher.caFile, 'utf8'), rancher.users[role].token);
let downstream: DownstreamCluster;

beforeAll(async () => {
  downstream = await addImportedCluster(rancher, 'drover-tools');
  await downstream.grant(rancher.users.standard);
});
afterAll(() => downstream.remove());

async function withClient<T>(identity: Identity, fn: (mcp: Connected) => Promise<T>): Promise<T> {
  const mcp = await connect({ identity, config });
  try {
    return await fn(mcp);
  } finally {
    await mcp.close();
  }
}

const column = (view: TableView, name: string) => view.rows.map((r) => r.cells[view.columns.indexOf(name)]);
const rowOf = (view: TableView, id: string) => {
  const row = view.rows.find((r) => r.cells[0] === id);
  if (!row) throw new Error(`no row ${id} in ${JSON.stringify(view.rows)}`);
  return Object.fromEntries(view.columns.map((c, i) => [c, row.cells[i]]));
};
const idsRancherShows = async (role: RancherRole, path: string) =>
  (await rancherAs(role).call<{ data: { id: string }[] }>('GET', path)).data.map((d) => d.id.split('/').at(-1)!).sort();

describe('rancher_clusters', () => {
  it('lists exactly the clusters Rancher shows the user, and flags the one that is not Ready or Connected', async () => {
    await withClient(asUser('standard'), async (mcp) => {
      const res = await mcp.call('rancher_clusters', {});
      expect(res.isError).toBeFalsy();
      const view = res.structuredContent as TableView;
      expect(column(view, 'CLUSTER').sort()).toEqual(await idsRancherShows('standard', '/v1/management.cattle.io.clusters'));
      expect(column(view, 'CLUSTER')).toEqual(expect.arrayContaining(['local', downstream.id]));
      expect(rowOf(view, 'local')).toMatchObject({
        NAME: 'local',
        HEALTHY: 'yes',
        KUBERNETES: expect.stringMatching(/^v1\./),
        PROBLEM: '',
      });
      expect(rowOf(view, downstream.id)).toMatchObject({
        NAME: downstream.name,
        HEALTHY: 'NO',
        KUBERNETES: '-',
        PROBLEM: expect.stringMatching(/^not ready; not connected/),
      });
      // Other suites add clusters of their own to the shared Rancher meanwhile: the text names every unhealthy row.
      const unhealthy = view.rows.filter((r) => rowOf(view, r.cells[0]).HEALTHY === 'NO').map((r) => rowOf(view, r.cells[0]).NAME);
      expect(unhealthy).toContain(downstream.name);
      expect(textOf(res)).toContain(`not Ready or not Connected: ${unhealthy.join(', ')}.`);
      expect(view.rows.find((r) => r.cells[0] === downstream.id)?.ref).toEqual({
        cluster: downstream.id,
        apiVersion: 'management.cattle.io/v3',
        kind: 'Cluster',
        name: downstream.id,
      });
    });
  });

  it('shows a user without access to the downstream cluster less: only what Rancher shows them', async () => {
    await withClient(asUser('readonly'), async (mcp) => {
      const view = (await mcp.call('rancher_clusters', {})).structuredContent as TableView;
      expect(column(view, 'CLUSTER').sort()).toEqual(await idsRancherShows('readonly', '/v1/management.cattle.io.clusters'));
      expect(column(view, 'CLUSTER')).toEqual(['local']);
    });
  });

  it("asks Rancher with the user's token, audits the read, and keeps the token out of the audit", async () => {
    await withClient(asUser('readonly', 'local'), async (mcp) => {
      await mcp.call('rancher_clusters', {});
      const entry = mcp.audit().at(-1)!;
      expect(entry).toMatchObject({
        user: rancher.users.readonly.id,
        tool: 'rancher_clusters',
        commands: [['GET', '/v1/management.cattle.io.clusters']],
        actions: [{ verb: 'list', kind: 'Cluster' }],
        result: 'ok',
      });
      expect(JSON.stringify(mcp.audit())).not.toContain(rancher.users.readonly.token);
    });
  });

  it('says clearly when Rancher does not accept the token, without repeating it', async () => {
    await withClient({ mode: 'rancher', user: 'u-nobody', token: 'token-x:not-a-real-token' }, async (mcp) => {
      const res = await mcp.call('rancher_clusters', {});
      expect(res.isError).toBe(true);
      expect(textOf(res)).toBe("Rancher did not accept the user's session (401); sign in to Rancher again");
    });
  });
});

describe('rancher_projects', () => {
  it('lists the projects Rancher shows the user in a cluster, with the namespaces they can see', async () => {
    await withClient(asUser('standard'), async (mcp) => {
      const res = await mcp.call('rancher_projects', { cluster: 'local' });
      expect(res.isError).toBeFalsy();
      const view = res.structuredContent as TableView;
      const projectRows = column(view, 'PROJECT').filter((p) => p !== '(none)');
      expect(projectRows.sort()).toEqual(await idsRancherShows('standard', '/v1/management.cattle.io.projects/local'));
      const harnessProject = rancher.projectId.split(':')[1];
      expect(rowOf(view, harnessProject)).toMatchObject({
        NAME: 'drover-test',
        STATE: 'active',
        NAMESPACES: expect.stringContaining(cluster.editorNamespace),
      });
      expect(mcp.audit().at(-1)?.commands).toEqual([
        ['GET', '/v1/management.cattle.io.clusters/local'],
        ['GET', '/v1/management.cattle.io.projects/local'],
        ['GET', '/k8s/clusters/local/v1/namespaces'],
      ]);
    });
  });

  it('lists the projects of a cluster that is not connected, and says its namespaces are unknown', async () => {
    await withClient(asUser('admin', 'local'), async (mcp) => {
      const res = await mcp.call('rancher_projects', { cluster: downstream.id });
      expect(res.isError).toBeFalsy();
      const view = res.structuredContent as TableView;
      expect(column(view, 'PROJECT').sort()).toEqual(await idsRancherShows('admin', `/v1/management.cattle.io.projects/${downstream.id}`));
      expect(column(view, 'NAME').sort()).toEqual(['Default', 'System']);
      expect(new Set(column(view, 'NAMESPACES'))).toEqual(new Set(['?']));
      expect(textOf(res)).toContain(`Namespaces unknown: cluster ${downstream.id} is not connected to Rancher.`);
    });
  });

  it('refuses the projects of a cluster the user may not see, as Rancher does', async () => {
    await withClient(asUser('readonly'), async (mcp) => {
      const res = await mcp.call('rancher_projects', { cluster: downstream.id });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toContain(`Rancher refused GET /v1/management.cattle.io.clusters/${downstream.id} (Forbidden:`);
    });
  });
});

describe('where the Rancher tools are offered', () => {
  it('offers them only in Rancher identity mode', async () => {
    const mcp = await connect({ config: testConfig() });
    try {
      const names = (await mcp.client.listTools()).tools.map((t) => t.name);
      expect(names).not.toContain('rancher_clusters');
      expect(names).not.toContain('rancher_projects');
    } finally {
      await mcp.close();
    }
  });
});
