import { canary, deployment } from '../../../tests/cluster';
import { k8sApply } from '../../src/tools/k8s/apply';
import { ADMIN, connect, EDITOR, testConfig, textOf, VIEWER, type Connected } from '../support/harness';
import { admin, adminGet, editableNamespace, everything, planThenRun } from './write-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = 'h4-apply';
const password = canary('apply-password');
let mcp: Connected;

const configMap = (name: string, data: Record<string, string>) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${Object.entries(data)
    .map(([k, v]) => `  ${k}: "${v}"`)
    .join('\n')}\n`;

const shopManifest = (image: string) =>
  [
    configMap('settings', { LOG_LEVEL: 'info' }),
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: ${NS}\ntype: Opaque\nstringData:\n  password: ${password}\n`,
    JSON.stringify({ ...deployment({ name: 'shop', namespace: NS, image }) }),
  ].join('---\n');

beforeAll(async () => {
  await editableNamespace(NS, [deployment({ name: 'owned', namespace: NS, replicas: 1 })]);
  // A rerun against the same cluster starts from the same state: the first plan creates these.
  await admin(['delete', 'configmap/settings', 'secret/creds', 'deployment/shop', '-n', NS, '--ignore-not-found']);
  mcp = await connect({ identity: EDITOR, tools: [k8sApply], plans: true });
});
afterAll(() => mcp.close());

describe('k8s_apply', () => {
  it('plans several documents with a diff per object, never shows the Secret, then applies them', async () => {
    const args = { manifest: shopManifest('nginx:1.27'), namespace: NS };
    const { plan, done } = await planThenRun(mcp, 'k8s_apply', args);
    const view = plan.structuredContent as any;
    expect(view).toMatchObject({
      kind: 'plan',
      tool: 'k8s_apply',
      command: 'kubectl apply --server-side --field-manager=drover --filename=<file>/manifest.json',
    });
    expect(view.diff).toContain(`## ConfigMap settings in ${NS}: created\n`);
    expect(view.diff).toMatch(/\+\s+LOG_LEVEL: info/);
    expect(view.diff).toContain(`## Secret creds in ${NS}: created`);
    expect(view.diff).toMatch(/\+\s+password: <redacted \d+ bytes>/);
    expect(view.diff).toMatch(/\+\s+- image: nginx:1\.27/);
    expect(view.warnings).toContain('Secret creds: its values (password) are never shown');
    for (const res of [plan, done]) {
      expect(everything(res)).not.toContain(password);
      expect(everything(res)).not.toContain(Buffer.from(password).toString('base64'));
    }

    expect(done.isError).toBeFalsy();
    expect(done.structuredContent).toMatchObject({
      kind: 'change',
      tool: 'k8s_apply',
      objects: [
        { kind: 'ConfigMap', name: 'settings', namespace: NS },
        { kind: 'Secret', name: 'creds', namespace: NS },
        { kind: 'Deployment', name: 'shop', namespace: NS, apiVersion: 'apps/v1' },
      ],
    });
    expect(textOf(done)).toContain('configmap/settings serverside-applied');
    const secret = await adminGet(['secret', 'creds', '-n', NS, '--show-managed-fields']);
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe(password);
    expect(secret.metadata.managedFields.map((f: any) => f.manager)).toContain('drover');
    expect((await adminGet(['configmap', 'settings', '-n', NS])).data).toEqual({ LOG_LEVEL: 'info' });
  });

  it('shows an update as a diff against the live object and warns that the pods are replaced', async () => {
    const args = { manifest: shopManifest('nginx:1.28'), namespace: NS };
    const { plan, done } = await planThenRun(mcp, 'k8s_apply', args);
    const view = plan.structuredContent as any;
    expect(view.diff).toMatch(/## Deployment shop in h4-apply: changed\n[\s\S]*-\s+- image: nginx:1\.27\n\+\s+- image: nginx:1\.28/);
    expect(view.diff).toContain(`## ConfigMap settings in ${NS}: unchanged`);
    expect(view.warnings).toContain('Deployment shop: the pod template changes, so every pod is replaced (rolling update)');
    expect(view.warnings).toContain('Secret creds: its values are never shown; none of them change');
    expect(done.isError).toBeFalsy();
    expect((await adminGet(['deployment', 'shop', '-n', NS])).spec.template.spec.containers[0].image).toBe('nginx:1.28');
    expect(everything(plan) + everything(done)).not.toContain(password);
  });

  it('says when nothing would change', async () => {
    const res = await mcp.call('k8s_apply', { manifest: configMap('settings', { LOG_LEVEL: 'info' }), namespace: NS });
    expect((res.structuredContent as any).warnings).toEqual(['nothing changes: the cluster already matches the manifest']);
  });

  it('reports a conflict with another field manager and takes the fields over only with force, after warning', async () => {
    const manifest = JSON.stringify({ ...deployment({ name: 'owned', namespace: NS, replicas: 3 }) });
    const conflict = await mcp.call('k8s_apply', { manifest });
    expect(conflict.isError).toBe(true);
    expect(textOf(conflict)).toMatch(/^Apply failed with 1 conflict: conflict with "drover-harness": \.spec\.replicas\n/);
    expect(textOf(conflict)).toContain('plan again with force=true');
    expect(textOf(conflict)).not.toContain('Please review');

    const { plan, done } = await planThenRun(mcp, 'k8s_apply', { manifest, force: true });
    expect((plan.structuredContent as any).command).toContain('--force-conflicts');
    expect((plan.structuredContent as any).warnings[0]).toMatch(/^force=true: fields other managers own/);
    expect(done.isError).toBeFalsy();
    expect((await adminGet(['deployment', 'owned', '-n', NS])).spec.replicas).toBe(3);
  });

  it('needs a namespace for namespaced objects', async () => {
    const res = await mcp.call('k8s_apply', { manifest: configMap('loose', { a: 'b' }) });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe('document 1 (ConfigMap loose) needs a namespace: set metadata.namespace or the namespace argument');
  });

  it.each([
    [
      'a List',
      `apiVersion: v1\nkind: List\nitems:\n- ${JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })}\n`,
      'document 1 is a List; give its items as separate documents (separated by ---)',
    ],
    [
      'a document that is not an object',
      `${configMap('fine', { a: 'b' })}---\n- just\n- a list\n`,
      'document 2 is a list, not a Kubernetes object (a mapping with apiVersion, kind and metadata)',
    ],
    [
      'a scalar document',
      'hello world\n',
      'document 1 is a string, not a Kubernetes object (a mapping with apiVersion, kind and metadata)',
    ],
    [
      'a name that starts with -',
      configMap('-rm', { a: 'b' }),
      'document 1 (ConfigMap): metadata.name "-rm" must be a Kubernetes object name: at most 253 characters, lowercase letters, digits, - and :, in parts separated by single dots, each part starting and ending with a letter or digit',
    ],
    [
      'a namespace that is not a label',
      `${configMap('x', { a: 'b' }).replace('metadata:\n', 'metadata:\n  namespace: "a b"\n')}`,
      'document 1 (ConfigMap x): metadata.namespace "a b" must be a DNS-1123 label: at most 63 lowercase letters, digits and -, starting and ending with a letter or digit (no dots)',
    ],
    [
      'a kind the cluster does not serve',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n',
      'document 1: the cluster serves no kind Widget in API group example.com',
    ],
    [
      'a missing name',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: x-\n',
      'document 1 (ConfigMap) needs metadata.name (server-side apply cannot use generateName)',
    ],
    ['broken YAML', 'apiVersion: v1\nkind: [ConfigMap\n', /^document 1 is not valid YAML: /],
    [
      'the same object twice',
      `${configMap('twice', { a: 'b' })}---\n${configMap('twice', { a: 'c' })}`,
      'document 2 repeats ConfigMap twice; each object may appear once',
    ],
  ])('rejects %s with a clear reason', async (_what, manifest, message) => {
    const res = await mcp.call('k8s_apply', { manifest, namespace: NS });
    expect(res.isError).toBe(true);
    if (typeof message === 'string') expect(textOf(res)).toBe(message);
    else expect(textOf(res)).toMatch(message);
    const last = mcp
      .audit()
      .filter((e) => e.tool === 'k8s_apply')
      .pop()!;
    expect(last.commands as string[]).not.toContainEqual(expect.stringMatching(/^kubectl (apply|get)/));
  });

  it('rejects a manifest over 256 KiB before parsing it', async () => {
    const huge = configMap('huge', { blob: 'x'.repeat(300 * 1024) });
    const res = await mcp.call('k8s_apply', { manifest: huge, namespace: NS });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain('the manifest is larger than 256 KiB; apply it in smaller parts');
    expect(await adminGet(['configmap', 'huge', '-n', NS])).toBeUndefined();
  });

  it('refuses writes into a protected namespace, even for an admin', async () => {
    const asAdmin = await connect({ identity: ADMIN, tools: [k8sApply], plans: true });
    try {
      const res = await asAdmin.call('k8s_apply', { manifest: configMap('sneaky', { a: 'b' }), namespace: 'kube-system' });
      expect(textOf(res)).toBe(
        'refused: create ConfigMap sneaky in namespace kube-system: namespace kube-system is protected, Drover never changes it',
      );
      // An object that exists is changed (patched), and the refusal says so.
      const existing = await asAdmin.call('k8s_apply', { manifest: configMap('kube-root-ca.crt', { a: 'b' }), namespace: 'kube-system' });
      expect(textOf(existing)).toBe(
        'refused: patch ConfigMap kube-root-ca.crt in namespace kube-system: namespace kube-system is protected, Drover never changes it',
      );
    } finally {
      await asAdmin.close();
    }
  });

  it('refuses cluster-scoped objects outside admin mode, naming the create the user asked for', async () => {
    const volume =
      'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: h4-apply-disk\nspec:\n  capacity: { storage: 1Gi }\n  accessModes: [ReadWriteOnce]\n  hostPath: { path: /tmp/h4 }\n';
    const res = await mcp.call('k8s_apply', { manifest: volume });
    expect(textOf(res)).toBe('refused: create PersistentVolume h4-apply-disk is a cluster-wide change, which needs admin mode');
    expect(await adminGet(['persistentvolume', 'h4-apply-disk'])).toBeUndefined();
  });

  it('refuses kinds the policy denies, even in admin mode', async () => {
    const asAdmin = await connect({ identity: ADMIN, tools: [k8sApply], plans: true, config: testConfig({ mode: 'admin' }) });
    try {
      const res = await asAdmin.call('k8s_apply', {
        manifest: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: h4-everything\nrules: []\n',
      });
      expect(textOf(res)).toBe('refused: Drover is configured never to create ClusterRole objects');
    } finally {
      await asAdmin.close();
    }
  });

  it('lets the API server deny a viewer at plan time', async () => {
    const viewer = await connect({ identity: VIEWER, tools: [k8sApply], plans: true });
    try {
      const res = await viewer.call('k8s_apply', { manifest: configMap('settings', { LOG_LEVEL: 'debug' }), namespace: NS });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(/User "viewer" cannot patch resource "configmaps" in API group "" in the namespace "h4-apply"/);
      expect(res._meta?.['drover/confirmation']).toBeUndefined();
    } finally {
      await viewer.close();
    }
    expect((await adminGet(['configmap', 'settings', '-n', NS])).data.LOG_LEVEL).toBe('info');
  });
});
