// The UI's renderer tests (pkg/drover) read real tool results, written here from Drover's own tools against the
// local control plane. With DROVER_UPDATE_UI_FIXTURES=1 this (re)writes them; otherwise it checks that the committed
// ones still have the shape the tools produce, so the UI is never tested against views the server no longer sends.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ViewSchema, type ViewKind } from '@drover/protocol';
import { applyObjects, deployment, event, seedShop, waitForDeployments } from '../../../tests/cluster';
import { admin, hasEvent, waitFor } from '../diagnose/cluster';
import { cluster, connect, EDITOR, textOf, VIEWER, type Connected } from '../support/harness';
import { editableNamespace, planThenRun } from '../tools/write-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = 'ui-shop';
const FIXTURES_DIR = resolve(__dirname, '../../../pkg/drover/__tests__/fixtures/views');
const UPDATE = process.env.DROVER_UPDATE_UI_FIXTURES === '1';
const REGENERATE = 'regenerate with `DROVER_UPDATE_UI_FIXTURES=1 npx jest test/views/ui-fixtures.test.ts` in mcp-server';
const CLAIM_VOLUME = 'ui-shop-orders-data';

interface Fixture {
  file: string;
  tool: string;
  /** The view kind the tool must return. */
  kind: ViewKind;
  /** Arguments are computed at call time: pod names carry random suffixes. */
  args: () => Promise<Record<string, unknown>>;
  /** viewer reads; editor (with the plans capability) gets plans; confirm runs the plan and keeps the change. */
  as?: 'viewer' | 'editor' | 'confirm';
}

interface FixtureFile {
  tool: string;
  arguments: Record<string, unknown>;
  text: string;
  view: any;
}

const podOf = async (app: string) =>
  (await admin(['get', 'pods', '-n', NS, '-l', `app=${app}`, '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
const fixed = (args: Record<string, unknown>) => async () => args;

const FIXTURES: Fixture[] = [
  { file: 'table-pods.json', tool: 'k8s_get', kind: 'table', args: fixed({ kind: 'pods', namespace: NS }) },
  { file: 'table-deployments.json', tool: 'k8s_get', kind: 'table', args: fixed({ kind: 'deployments', namespace: NS }) },
  { file: 'table-paged.json', tool: 'k8s_get', kind: 'table', args: fixed({ kind: 'pods', namespace: NS, limit: 3 }) },
  { file: 'table-wide.json', tool: 'k8s_get', kind: 'table', args: fixed({ kind: 'pods', namespace: NS, output: 'wide' }) },
  {
    file: 'yaml-deployment.json',
    tool: 'k8s_get',
    kind: 'yaml',
    args: fixed({ kind: 'deployment', name: 'web', namespace: NS, output: 'yaml' }),
  },
  {
    file: 'json-configmap.json',
    tool: 'k8s_get',
    kind: 'yaml',
    args: fixed({ kind: 'configmap', name: 'web-config', namespace: NS, output: 'json' }),
  },
  { file: 'logs-web.json', tool: 'k8s_logs', kind: 'logs', args: fixed({ kind: 'deployment', name: 'web', namespace: NS }) },
  {
    file: 'logs-checkout-previous.json',
    tool: 'k8s_logs',
    kind: 'logs',
    args: fixed({ kind: 'deployment', name: 'checkout', namespace: NS, previous: true }),
  },
  { file: 'events-namespace.json', tool: 'k8s_events', kind: 'events', args: fixed({ namespace: NS }) },
  {
    file: 'describe-pod.json',
    tool: 'k8s_describe',
    kind: 'describe',
    args: async () => ({ kind: 'pod', name: await podOf('checkout'), namespace: NS }),
  },
  {
    file: 'describe-deployment.json',
    tool: 'k8s_describe',
    kind: 'describe',
    args: fixed({ kind: 'deployment', name: 'web', namespace: NS }),
  },
  { file: 'findings-namespace.json', tool: 'k8s_diagnose', kind: 'findings', args: fixed({ namespace: NS }) },
  // Plans are never confirmed, so the shop keeps its state for the other fixtures.
  { file: 'plan-scale.json', tool: 'k8s_scale', kind: 'plan', as: 'editor', args: fixed({ name: 'web', namespace: NS, replicas: 5 }) },
  {
    file: 'plan-scale-zero.json',
    tool: 'k8s_scale',
    kind: 'plan',
    as: 'editor',
    args: fixed({ name: 'checkout', namespace: NS, replicas: 0 }),
  },
  {
    file: 'plan-delete.json',
    tool: 'k8s_delete',
    kind: 'plan',
    as: 'editor',
    args: fixed({ kind: 'deployment', name: 'web', namespace: NS }),
  },
  {
    file: 'plan-delete-claim.json',
    tool: 'k8s_delete',
    kind: 'plan',
    as: 'editor',
    args: fixed({ kind: 'pvc', name: 'orders-data', namespace: NS }),
  },
  // Scales a deployment of its own: the shop's tables stay as the seed left them.
  {
    file: 'change-scale.json',
    tool: 'k8s_scale',
    kind: 'change',
    as: 'confirm',
    args: fixed({ name: 'storefront', namespace: NS, replicas: 3 }),
  },
  { file: 'text-explain.json', tool: 'k8s_explain', kind: 'text', args: fixed({ kind: 'deployment', field: 'spec.strategy' }) },
];

/** What the UI's renderers rely on: the kind, the top-level keys, table columns and the text format. */
function shapeOf(view: any): Record<string, unknown> {
  return {
    kind: view.kind,
    keys: Object.keys(view).sort(),
    ...(view.columns ? { columns: view.columns } : {}),
    ...(view.pods ? { podColumns: view.pods.columns } : {}),
    ...(view.format ? { format: view.format } : {}),
  };
}

function rawFixture(file: string): string {
  const path = join(FIXTURES_DIR, file);
  if (!existsSync(path)) throw new Error(`UI fixture ${file} is missing: ${REGENERATE}`);
  return readFileSync(path, 'utf8');
}

let viewer: Connected;
let editor: Connected;

async function produce(f: Fixture): Promise<FixtureFile> {
  const args = await f.args();
  const res =
    f.as === 'confirm' ? (await planThenRun(editor, f.tool, args)).done : await (f.as === 'editor' ? editor : viewer).call(f.tool, args);
  if (res.isError) throw new Error(`${f.tool} for ${f.file} failed: ${textOf(res)}`);
  return { tool: f.tool, arguments: args, text: textOf(res), view: res.structuredContent };
}

beforeAll(async () => {
  // Before seedShop: it applies the Namespace again with its labels, and with one field manager the last apply wins.
  await editableNamespace(NS, [
    deployment({ name: 'storefront', namespace: NS }),
    // A bound claim, so the delete plan warns about its data (the editor may not read the volume's policy).
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: CLAIM_VOLUME },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: '',
        hostPath: { path: `/tmp/${CLAIM_VOLUME}` },
        claimRef: { namespace: NS, name: 'orders-data' },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'orders-data', namespace: NS },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: '', volumeName: CLAIM_VOLUME },
    },
  ]);
  await seedShop(cluster, NS);
  // The states the fixtures show: as diagnose.test.ts waits for them.
  await waitForDeployments(cluster, [NS], ['web', 'storefront']);
  await admin(['wait', '-n', NS, '--for=condition=Failed', '--timeout=90s', 'job/nightly-report']);
  await admin([
    'wait',
    '-n',
    NS,
    '--for=jsonpath={.status.containerStatuses[0].state.waiting.reason}=CrashLoopBackOff',
    '--timeout=60s',
    'pod',
    '-l',
    'app=checkout',
  ]);
  await admin(['wait', '-n', NS, '--for=jsonpath={.status.phase}=Bound', '--timeout=60s', 'pvc/orders-data']);
  await waitFor('the Unhealthy event of search', () => hasEvent(NS, 'Unhealthy'));
  await waitFor('the FailedScheduling event of reports', () => hasEvent(NS, 'FailedScheduling'));
  // A one-off warning on a healthy pod, the everyday blip diagnose reports as info (the seed has none).
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    event({
      namespace: NS,
      involved: { kind: 'Pod', name: await podOf('storefront') },
      type: 'Warning',
      reason: 'FailedMount',
      message: 'MountVolume.SetUp failed for volume "kube-api-access-7xk2p" : object "ui-shop"/"kube-root-ca.crt" not registered',
    }),
  ]);
  viewer = await connect({ identity: VIEWER });
  editor = await connect({ identity: EDITOR, plans: true });
  if (UPDATE) mkdirSync(FIXTURES_DIR, { recursive: true });
});

afterAll(async () => {
  await viewer?.close();
  await editor?.close();
});

describe('UI view fixtures', () => {
  it.each(FIXTURES.map((f) => [f.file, f] as const))('%s is a real result of its tool', async (file, f) => {
    const produced = await produce(f);
    expect(produced.view?.kind).toBe(f.kind);
    if (UPDATE) writeFileSync(join(FIXTURES_DIR, file), JSON.stringify(produced, null, 2) + '\n');

    const committed = JSON.parse(rawFixture(file)) as FixtureFile;
    const parsed = ViewSchema.safeParse(committed.view);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'view'}: ${i.message}`).join('; ');
      throw new Error(`UI fixture ${file} is not a valid view (${issues}): ${REGENERATE}`);
    }
    const [was, now] = [JSON.stringify(shapeOf(committed.view)), JSON.stringify(shapeOf(produced.view))];
    if (committed.tool !== f.tool || was !== now) {
      throw new Error(
        `UI fixture ${file} no longer matches what ${f.tool} returns:\n  committed ${committed.tool} ${was}\n  produced  ${f.tool} ${now}\n${REGENERATE}`,
      );
    }
  });

  it('holds only fixtures this test produces', () => {
    const known = new Set(FIXTURES.map((f) => f.file));
    const stale = () => (existsSync(FIXTURES_DIR) ? readdirSync(FIXTURES_DIR) : []).filter((file) => !known.has(file));
    if (UPDATE) for (const file of stale()) rmSync(join(FIXTURES_DIR, file));
    if (stale().length) throw new Error(`UI fixtures no test produces: ${stale().join(', ')}: ${REGENERATE} (it removes them)`);
  });

  it('never shows a seeded Secret canary', () => {
    for (const f of FIXTURES) {
      // Text and view alike: a canary here means a Secret value reached a tool result (fix the redaction, then regenerate).
      if (/DROVER-CANARY/.test(rawFixture(f.file)))
        throw new Error(`UI fixture ${f.file} shows a seeded Secret canary (DROVER-CANARY-…): ${REGENERATE}`);
    }
  });
});
