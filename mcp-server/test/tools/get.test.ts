import type { TableView, YamlView } from '@drover/protocol';
import { parse } from 'yaml';
import { applyObjects, deployment, kubectlOk, seedShop, waitForDeployments, type ShopSeed } from '../../../tests/cluster';
import { ADMIN, cluster, connect, testConfig, textOf, VIEWER, type Connected } from '../support/harness';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = 'mcp-get';
const PAGED = 36;
let mcp: Connected;
let shop: ShopSeed;

beforeAll(async () => {
  shop = await seedShop(cluster, NS);
  const sidecar: any = deployment({ name: 'sidecar', namespace: NS, image: 'nginx:1.25' });
  sidecar.spec.template.spec.containers.push({ name: 'shipper', image: 'busybox:1.36', ports: [{ containerPort: 9000, name: 'metrics' }] });
  // Enough ConfigMaps that a page of them in YAML or JSON is several times the answer size.
  const paged = Array.from({ length: PAGED }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `paged-${String(i).padStart(2, '0')}`, namespace: NS, labels: { paged: 'yes' } },
    data: { 'notes.txt': `entry ${i} `.repeat(40) },
  }));
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    deployment({ name: 'bulk', namespace: NS, replicas: 12 }),
    sidecar,
    ...paged,
  ]);
  await waitForDeployments(cluster, [NS], ['web', 'bulk', 'sidecar']);
  mcp = await connect({ identity: VIEWER });
});
afterAll(() => mcp.close());

describe('k8s_get', () => {
  it('lists pods as a compact table with kubectl-like columns and object references', async () => {
    const res = await mcp.call('k8s_get', { kind: 'po', namespace: NS, labelSelector: 'app=web' });
    expect(res.isError).toBeFalsy();
    const text = textOf(res);
    expect(text).toMatch(/^pods in namespace mcp-get: 2 of 2 shown/);
    expect(text).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
    expect(text).toMatch(/web-\S+\s+1\/1\s+Running\s+0/);
    const view = res.structuredContent as TableView;
    expect(view).toMatchObject({ kind: 'table', resource: 'pods', total: 2, truncated: false });
    expect(view.rows[0].ref).toMatchObject({ cluster: 'local', apiVersion: 'v1', kind: 'Pod', namespace: NS });
  });

  it('shows more columns with output=wide, as kubectl -o wide does', async () => {
    const res = await mcp.call('k8s_get', { kind: 'pods', namespace: NS, labelSelector: 'app=web', output: 'wide' });
    expect((res.structuredContent as TableView).columns).toEqual([
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
      'IP',
      'NODE',
      'NOMINATED NODE',
      'READINESS GATES',
    ]);
    expect(textOf(res)).toMatch(/web-\S+\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+kwok-node-\d/);
  });

  it('gets one object with get rights only (RBAC scoped to resource names allows no list)', async () => {
    await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'one-configmap', namespace: NS },
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['web-config'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'one-configmap', namespace: NS },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'one-configmap' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'mcp-get-narrow' }],
      },
    ]);
    const narrow = await connect({ identity: { mode: 'impersonate', user: 'mcp-get-narrow', groups: [] } });
    try {
      const one = await narrow.call('k8s_get', { kind: 'configmap', name: 'web-config', namespace: NS });
      expect(one.isError).toBeFalsy();
      expect(textOf(one)).toMatch(/^web-config\s+2\s+/m);
      expect(textOf(await narrow.call('k8s_get', { kind: 'configmaps', namespace: NS }))).toContain('cannot list resource "configmaps"');
    } finally {
      await narrow.close();
    }
  });

  it('shows the crash-looping pod the way kubectl does', async () => {
    const text = textOf(await mcp.call('k8s_get', { kind: 'pods', namespace: NS, labelSelector: 'app=checkout' }));
    expect(text).toMatch(/checkout-\S+\s+0\/1\s+CrashLoopBackOff\s+5 \(\d+\w* ago\)/);
  });

  it('pages through a list with limit and continue, with the total the API server reports', async () => {
    const all = JSON.parse(await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['get', 'pods', '-n', NS, '-o', 'json'])).items;
    const first = await mcp.call('k8s_get', { kind: 'pods', namespace: NS, limit: 5 });
    const view = first.structuredContent as TableView;
    expect(view.rows).toHaveLength(5);
    expect(view.total).toBe(all.length);
    expect(textOf(first)).toContain(`5 of ${all.length} shown`);
    expect(textOf(first)).toContain(`continue="${view.next}"`);
    const second = await mcp.call('k8s_get', { kind: 'pods', namespace: NS, limit: 5, continue: view.next });
    const names = (second.structuredContent as TableView).rows.map((r) => r.ref?.name);
    expect(names).toHaveLength(5);
    expect(names).not.toContain(view.rows[0].ref?.name);
  });

  it('pages a selected list too (the API server gives no total for selectors)', async () => {
    const first = await mcp.call('k8s_get', { kind: 'pods', namespace: NS, labelSelector: 'app=bulk', limit: 5 });
    const view = first.structuredContent as TableView;
    expect(view.rows).toHaveLength(5);
    expect(view.total).toBeUndefined();
    expect(view.next).toBeTruthy();
  });

  it('resolves kinds by discovery, CRDs included', async () => {
    const admin = await connect({ identity: ADMIN });
    try {
      const res = await admin.call('k8s_get', { kind: 'clusterlogs.kwok.x-k8s.io' });
      expect(res.isError).toBeFalsy();
      expect((res.structuredContent as TableView).resource).toBe('clusterlogs.kwok.x-k8s.io');
      expect(textOf(res)).toContain(`${NS}.web`);
    } finally {
      await admin.close();
    }
  });

  it('returns one object as YAML without managedFields', async () => {
    const res = await mcp.call('k8s_get', { kind: 'deployment', name: 'web', namespace: NS, output: 'yaml' });
    const view = res.structuredContent as YamlView;
    expect(view).toMatchObject({ kind: 'yaml', format: 'yaml', ref: { kind: 'Deployment', name: 'web' } });
    expect(view.text).toContain('replicas: 2');
    expect(view.text).not.toContain('managedFields');
    expect(textOf(res)).toContain('untrusted data from the cluster');
  });

  it.each(['json', 'yaml'])('pages a list in %s by whole items, each item exactly once across pages', async (output) => {
    const expected = JSON.parse(
      await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['get', 'configmaps', '-n', NS, '-l', 'paged=yes', '-o', 'json']),
    ).items.map((i: any) => i.metadata.name);
    expect(expected).toHaveLength(PAGED);
    const seen: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const res = await mcp.call('k8s_get', {
        kind: 'configmaps',
        namespace: NS,
        labelSelector: 'paged=yes',
        output,
        ...(next ? { continue: next } : {}),
      });
      expect(res.isError).toBeFalsy();
      const text = textOf(res);
      const view = res.structuredContent as YamlView;
      expect(text.length).toBeLessThanOrEqual(6000);
      expect(text).toContain(view.text);
      const items = output === 'json' ? JSON.parse(view.text) : parse(view.text);
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) expect(item.data['notes.txt']).toBe(`entry ${Number(item.metadata.name.slice(6))} `.repeat(40));
      seen.push(...items.map((i: any) => i.metadata.name));
      next = /More: call again with continue="([^"]+)"/.exec(text)?.[1];
      if (next) expect(text).toMatch(/more items on this page did not fit; they come next/);
      pages++;
    } while (next && pages < PAGED);
    expect(pages).toBeGreaterThan(2);
    expect(seen).toEqual(expected);
  });

  it('names an item too large to show whole and continues after it, never showing half of it', async () => {
    const small = await connect({ identity: VIEWER, config: testConfig({ limits: { resultTokenBudget: 200 } }) });
    try {
      const first = await small.call('k8s_get', {
        kind: 'configmaps',
        namespace: NS,
        labelSelector: 'paged=yes',
        output: 'json',
        limit: 3,
      });
      expect(textOf(first)).toContain(
        '[ConfigMap mcp-get/paged-00 is too large to show whole here; get it by name with `fields` for parts of it]',
      );
      expect(textOf(first)).not.toContain('entry 0');
      expect((first.structuredContent as YamlView).text).toBe('[]');
      const next = /continue="([^"]+)"/.exec(textOf(first))![1];
      const second = await small.call('k8s_get', {
        kind: 'configmaps',
        namespace: NS,
        labelSelector: 'paged=yes',
        output: 'json',
        limit: 3,
        continue: next,
      });
      expect(textOf(second)).toContain('ConfigMap mcp-get/paged-01 is too large');
    } finally {
      await small.close();
    }
  });

  it('never shows Secret values, as a list or one object, in YAML or JSON, even to an admin', async () => {
    const admin = await connect({ identity: ADMIN });
    try {
      for (const args of [
        { output: 'yaml' },
        { output: 'json' },
        { output: 'yaml', name: 'payments-db' },
        { output: 'json', name: 'checkout-api' },
        { fields: ['data', 'stringData'] },
      ]) {
        const res = await admin.call('k8s_get', { kind: 'secrets', namespace: NS, ...args });
        expect(res.isError).toBeFalsy();
        const everything = textOf(res) + JSON.stringify(res.structuredContent);
        for (const value of [...shop.canaries, ...shop.canaries.map((c) => Buffer.from(c).toString('base64'))])
          expect(everything).not.toContain(value);
        expect(everything).toMatch(/<redacted \d+ bytes>/);
      }
    } finally {
      await admin.close();
    }
  });

  it('projects fields as columns', async () => {
    const res = await mcp.call('k8s_get', {
      kind: 'pods',
      namespace: NS,
      labelSelector: 'app=web',
      fields: ['status.phase', 'spec.nodeName'],
    });
    expect((res.structuredContent as TableView).columns).toEqual(['NAME', 'STATUS.PHASE', 'SPEC.NODENAME']);
    expect(textOf(res)).toMatch(/Running\s+kwok-node-\d/);
  });

  it('projects every match of a [*] wildcard into one comma-joined cell, as kubectl reads them', async () => {
    const res = await mcp.call('k8s_get', {
      kind: 'pods',
      namespace: NS,
      labelSelector: 'app=sidecar',
      fields: [
        'spec.containers[*].image',
        'spec.containers[1].name',
        'spec.containers[*].ports[*].containerPort',
        "metadata.labels['app']",
      ],
    });
    expect(res.isError).toBeFalsy();
    const view = res.structuredContent as TableView;
    expect(view.columns).toEqual([
      'NAME',
      'SPEC.CONTAINERS[*].IMAGE',
      'SPEC.CONTAINERS[1].NAME',
      'SPEC.CONTAINERS[*].PORTS[*].CONTAINERPORT',
      "METADATA.LABELS['APP']",
    ]);
    const pod = await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, [
      'get',
      'pods',
      '-n',
      NS,
      '-l',
      'app=sidecar',
      '-o',
      'jsonpath={.items[0].metadata.name} {.items[0].spec.containers[*].image}',
    ]);
    const [name, ...images] = pod.trim().split(' ');
    expect(images).toEqual(['nginx:1.25', 'busybox:1.36']);
    expect(view.rows.map((r) => r.cells)).toEqual([[name, images.join(','), 'shipper', '8080,9000', 'sidecar']]);
    expect(textOf(res)).toContain(`${name}  nginx:1.25,busybox:1.36`);
  });

  it.each([
    ['spec..image', 'recursive descent (..) is not supported'],
    ['spec.containers[?(@.name=="web")].image', 'filter expressions are not supported'],
    ['.status.phase', 'write the path without a leading dot'],
    ['{.status.phase}', 'write the path without a leading dot'],
    ['spec.containers[', 'the path ends too early'],
    ['spec.containers[-1]', 'unexpected "-" at position 17'],
    ['spec containers', 'unexpected " " at position 5'],
  ])('refuses the field path %s with one clear sentence', async (path, problem) => {
    const res = await mcp.call('k8s_get', { kind: 'pods', namespace: NS, fields: ['status.phase', path] });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain(problem);
    expect(textOf(res)).toContain('at fields[1]');
  });

  it('refuses more than 12 fields', async () => {
    const res = await mcp.call('k8s_get', { kind: 'pods', namespace: NS, fields: Array.from({ length: 13 }, (_, i) => `metadata.f${i}`) });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain('at most 12 fields');
  });

  it('reports an unknown kind clearly', async () => {
    const res = await mcp.call('k8s_get', { kind: 'widgets' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain('the cluster has no resource type "widgets"');
  });

  it('reports RBAC denials from the API server as the user', async () => {
    const res = await mcp.call('k8s_get', { kind: 'secrets', namespace: NS });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain('User "viewer" cannot list resource "secrets"');
  });

  it('audits every call with the user and the command', async () => {
    const entry = mcp.audit().find((e) => e.tool === 'k8s_get' && e.result === 'ok');
    expect(entry).toMatchObject({ user: 'viewer', phase: 'read', cluster: 'in-cluster' });
    expect(entry!.commands).toContainEqual(['GET', '/api/v1/namespaces/mcp-get/pods?includeObject=None&limit=50&labelSelector=app%3Dweb']);
  });
});
