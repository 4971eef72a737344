// k8s_apply with what other objects need first: new Namespaces (creatable in read-write mode, as the user) and CRDs,
// applied before the objects in or of them, whatever the order of the manifest. Every outcome is checked with kubectl.
import { randomBytes } from 'node:crypto';
import { applyObjects, deployment } from '../../../tests/cluster';
import type { Identity } from '../../src/identity';
import { k8sApply } from '../../src/tools/k8s/apply';
import { ADMIN, cluster, connect, EDITOR, testConfig, textOf, type Connected } from '../support/harness';
import { admin, adminGet, planThenRun } from './write-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** May create Namespaces and nothing else (not even read them). */
const MAKER: Identity = { mode: 'impersonate', user: 'h10-namespace-maker', groups: [] };
const CRD = 'widgets.h10.drover.test';
const created: string[] = [];

/** A fresh name per run: a rerun never meets a namespace that is still terminating. */
function fresh(label: string): string {
  const name = `h10-${label}-${randomBytes(3).toString('hex')}`;
  created.push(name);
  return name;
}

const namespaceDoc = (name: string, labels?: Record<string, string>) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(labels ? { labels } : {}) } });
const configMapDoc = (namespace: string) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace }, data: { LOG_LEVEL: 'info' } });
const manifest = (...docs: string[]) => docs.join('\n---\n');

let maker: Connected;
let editor: Connected;
let adminReadWrite: Connected;
let adminMode: Connected;

beforeAll(async () => {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'h10-namespace-maker' },
      rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['create'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'h10-namespace-maker' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'h10-namespace-maker' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: MAKER.user }],
    },
  ]);
  await admin(['delete', 'customresourcedefinition', CRD, '--ignore-not-found']);
  maker = await connect({ identity: MAKER, tools: [k8sApply], plans: true });
  editor = await connect({ identity: EDITOR, tools: [k8sApply], plans: true });
  adminReadWrite = await connect({ identity: ADMIN, tools: [k8sApply], plans: true });
  adminMode = await connect({ identity: ADMIN, tools: [k8sApply], plans: true, config: testConfig({ mode: 'admin' }) });
});

afterAll(async () => {
  await Promise.all([maker, editor, adminReadWrite, adminMode].map((c) => c?.close()));
  await admin(['delete', 'customresourcedefinition', CRD, '--ignore-not-found', '--wait=false']);
  if (created.length) await admin(['delete', 'namespace', ...created, '--ignore-not-found', '--wait=false']);
});

describe('k8s_apply: Namespaces in read-write mode', () => {
  it('creates a new Namespace as the user after approval, with a create the API server could refuse', async () => {
    const ns = fresh('made');
    const { plan, done } = await planThenRun(maker, 'k8s_apply', { manifest: namespaceDoc(ns, { team: 'a' }) });
    const view = plan.structuredContent as any;
    expect(view.command).toBe('kubectl create --field-manager=drover --filename=<file>/namespaces.json');
    expect(view.diff).toContain(`## Namespace ${ns}: created\n`);
    expect(view.diff).toMatch(/\+\s+team: a/);
    expect(view.warnings).toEqual([]);

    expect(done.isError).toBeFalsy();
    expect(textOf(done)).toBe(`Applied 1 object:\nnamespace/${ns} created`);
    const live = await adminGet(['namespace', ns, '--show-managed-fields']);
    expect(live.status.phase).toBe('Active');
    expect(live.metadata.labels.team).toBe('a');
    expect(live.metadata.managedFields.map((f: any) => f.manager)).toContain('drover');
    const execute = maker
      .audit()
      .filter((e) => e.tool === 'k8s_apply' && e.phase === 'execute')
      .pop()!;
    expect(execute).toMatchObject({ user: MAKER.user, result: 'ok' });
  });

  it('lets the API server refuse a user who may not create Namespaces, and says so', async () => {
    const ns = fresh('refused');
    const res = await editor.call('k8s_apply', { manifest: namespaceDoc(ns) });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/User "editor" cannot create resource "namespaces" in API group "" at the cluster scope$/);
    expect(res._meta?.['drover/confirmation']).toBeUndefined();
    expect(await adminGet(['namespace', ns])).toBeUndefined();
  });

  it('refuses protected names in every mode', async () => {
    for (const mcp of [maker, adminMode]) {
      const res = await mcp.call('k8s_apply', { manifest: namespaceDoc('cattle-h10-extra') });
      expect(textOf(res)).toBe(
        'refused: create Namespace cattle-h10-extra: namespace cattle-h10-extra is protected, Drover never changes it',
      );
    }
    expect(await adminGet(['namespace', 'cattle-h10-extra'])).toBeUndefined();
  });

  it('keeps changing an existing Namespace for admin mode, and leaves one already as described alone', async () => {
    const ns = fresh('existing');
    await admin(['create', 'namespace', ns]);
    await admin(['label', 'namespace', ns, 'team=a']);
    const relabel = await adminReadWrite.call('k8s_apply', { manifest: namespaceDoc(ns, { team: 'b' }) });
    expect(textOf(relabel)).toBe(`refused: patch Namespace ${ns} is a cluster-wide change, which needs admin mode`);

    const { plan, done } = await planThenRun(adminReadWrite, 'k8s_apply', {
      manifest: manifest(namespaceDoc(ns, { team: 'a' }), configMapDoc(ns)),
    });
    const view = plan.structuredContent as any;
    expect(view.diff).toMatch(new RegExp(`^## Namespace ${ns}: unchanged\n## ConfigMap settings in ${ns}: created\n`));
    expect(view.command).toBe('kubectl apply --server-side --field-manager=drover --filename=<file>/manifest.json');
    expect(textOf(done)).toBe(`Applied 1 object:\nconfigmap/settings serverside-applied`);
    const live = await adminGet(['namespace', ns, '--show-managed-fields']);
    expect(live.metadata.labels.team).toBe('a');
    expect(live.metadata.managedFields.map((f: any) => f.manager)).not.toContain('drover');
    expect((await adminGet(['configmap', 'settings', '-n', ns])).data).toEqual({ LOG_LEVEL: 'info' });
  });
});

describe('k8s_apply: a new Namespace and its objects in one manifest', () => {
  it.each([
    ['admin', () => adminMode],
    ['read-write', () => adminReadWrite],
  ])('creates the Namespace first and then its objects, listed before it in the file (%s mode)', async (_mode, mcp) => {
    const ns = fresh('shop');
    const web = JSON.stringify(deployment({ name: 'web', namespace: ns }));
    const args = { manifest: manifest(configMapDoc(ns), web, namespaceDoc(ns)) };
    const { plan, done } = await planThenRun(mcp(), 'k8s_apply', args);
    const view = plan.structuredContent as any;
    expect(view.command).toBe(
      'kubectl create --field-manager=drover --filename=<file>/namespaces.json\n' +
        'kubectl apply --server-side --field-manager=drover --filename=<file>/manifest.json',
    );
    expect(view.warnings).toEqual([
      `namespace ${ns} is created first; the 2 object(s) in it were checked against the API schema only (fields and types), because it does not exist yet; the API server checks them fully before they are applied`,
    ]);
    const headings = (view.diff as string).split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      `## Namespace ${ns}: created`,
      `## ConfigMap settings in ${ns}: created`,
      `## Deployment web in ${ns}: created`,
    ]);
    expect(view.diff).toMatch(/\+\s+LOG_LEVEL: info/);
    expect(view.diff).toMatch(/\+\s+- image: nginx:1\.27/);

    expect(done.isError).toBeFalsy();
    expect(textOf(done)).toBe(
      `Applied 3 objects:\nnamespace/${ns} created\nconfigmap/settings serverside-applied\ndeployment.apps/web serverside-applied`,
    );
    expect((await adminGet(['configmap', 'settings', '-n', ns])).data).toEqual({ LOG_LEVEL: 'info' });
    expect((await adminGet(['deployment', 'web', '-n', ns])).spec.template.spec.containers[0].image).toBe('nginx:1.27');
  });

  it('finds schema errors of the objects in the new Namespace at the plan, and creates nothing', async () => {
    const ns = fresh('typo');
    const broken = { ...(deployment({ name: 'web', namespace: ns }) as any) };
    broken.spec = { ...broken.spec, replicas: 'three' };
    const res = await adminMode.call('k8s_apply', { manifest: manifest(namespaceDoc(ns), JSON.stringify(broken)) });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain('ValidationError(Deployment.spec.replicas): invalid type');
    expect(textOf(res)).not.toContain('not found');
    expect(await adminGet(['namespace', ns])).toBeUndefined();
  });

  it('checks the objects fully once the Namespace exists, before applying any, and says what was done', async () => {
    const ns = fresh('invalid');
    const mismatched = deployment({ name: 'web', namespace: ns }) as any;
    mismatched.spec.selector.matchLabels = { app: 'other' };
    const { plan, done } = await planThenRun(adminMode, 'k8s_apply', {
      manifest: manifest(namespaceDoc(ns), configMapDoc(ns), JSON.stringify(mismatched)),
    });
    expect((plan.structuredContent as any).warnings[0]).toMatch(new RegExp(`^namespace ${ns} is created first; the 2 object\\(s\\)`));
    expect(done.isError).toBe(true);
    expect(textOf(done)).toMatch(
      new RegExp(
        `^Only part of the manifest was applied:\nnamespace/${ns} created\nThe rest was not applied: .*The Deployment "web" is invalid`,
        's',
      ),
    );
    expect(textOf(done)).toContain('`selector` does not match template `labels`');
    expect((await adminGet(['namespace', ns])).status.phase).toBe('Active');
    expect(await adminGet(['configmap', 'settings', '-n', ns])).toBeUndefined();
  });

  it('creates a CRD, waits until it is Established, then its objects (admin mode)', async () => {
    const ns = fresh('widgets');
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: CRD },
      spec: {
        group: 'h10.drover.test',
        names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } },
            },
          },
        ],
      },
    };
    const widget = { apiVersion: 'h10.drover.test/v1', kind: 'Widget', metadata: { name: 'w1', namespace: ns }, spec: { size: 3 } };
    const args = { manifest: manifest(JSON.stringify(widget), configMapDoc(ns), JSON.stringify(crd), namespaceDoc(ns)) };
    const { plan, done } = await planThenRun(adminMode, 'k8s_apply', args);
    const view = plan.structuredContent as any;
    expect(view.command).toBe(
      [
        'kubectl create --field-manager=drover --filename=<file>/namespaces.json',
        'kubectl apply --server-side --field-manager=drover --filename=<file>/definitions.json',
        `kubectl wait --for=condition=Established --timeout=30s customresourcedefinitions.apiextensions.k8s.io/${CRD}`,
        'kubectl apply --server-side --field-manager=drover --filename=<file>/manifest.json',
      ].join('\n'),
    );
    expect(view.warnings).toEqual([
      `namespace ${ns} is created first; the 1 object(s) in it were checked against the API schema only (fields and types), because it does not exist yet; the API server checks them fully before they are applied`,
      `CustomResourceDefinition ${CRD} is created first; the 1 Widget object(s) were checked only for kind and name, because the cluster does not serve Widget yet`,
    ]);
    expect(view.diff).toContain(`## Widget w1 in ${ns}: created`);

    expect(done.isError).toBeFalsy();
    expect(textOf(done)).toContain(`customresourcedefinition.apiextensions.k8s.io/${CRD} condition met`);
    expect(textOf(done)).toContain('widget.h10.drover.test/w1 serverside-applied');
    const established = (await adminGet(['customresourcedefinition', CRD])).status.conditions.find((c: any) => c.type === 'Established');
    expect(established.status).toBe('True');
    expect((await adminGet([`widgets.h10.drover.test`, 'w1', '-n', ns])).spec).toEqual({ size: 3 });
  });
});
