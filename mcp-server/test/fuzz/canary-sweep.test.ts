// The canary sweep: a unique canary in every place of a namespace where a secret can sit (test/support/canaries.ts),
// in a helm release's values (nested under secret keys, echoed by its notes, copied into a ConfigMap) and in Rancher's
// own data (./rancher-canaries.ts), then every tool and resource the server offers in its widest configuration
// (admin mode, exec allowed, a chart repository), standalone and in Rancher mode (./surfaces.ts), called as the admin
// with arguments aimed at those places: in Rancher mode the Rancher tools, and every other call again through
// Rancher's proxy, naming its cluster. Write tools only plan. No canary may appear in any result (text, structured
// content, _meta), error, audit line or log line; a hit names the place that leaked.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { canary, kubectlOk } from '../../../tests/cluster';
import { testRancher } from '../../../tests/cluster/state';
import { AuditLog } from '../../src/observability/audit';
import { createRuntime } from '../../src/runtime-factory';
import { allTools } from '../../src/tools';
import { leakedPlaces, plantCanaries, PLANTED } from '../support/canaries';
import { startChartRepo, type ChartRepo } from '../support/chart-repo';
import { cluster, connect, type Connected } from '../support/harness';
import { plantRancherCanaries, type RancherCanaries } from './rancher-canaries';
import { offeredTools, surfaceIdentity, SURFACES, widestConfig, type Surface } from './surfaces';
import { validArgs } from './tool-fixtures';

const NS = 'mask-sweep';
const RELEASE = 'vault';
const CONCURRENCY = 4;

let repo: ChartRepo;
let rancherData: RancherCanaries;
/** Each surface's server, and everything it logs, at debug level, instead of stdout. */
const servers = {} as Record<Surface, { mcp: Connected; logLines: string[] }>;
let canaries: Record<string, string>;
let pod: string;

/** Installs the masking chart with the admin's own helm (set-up, not under test; asynchronous, as the repository
 *  is served from this process). */
async function installRelease(values: object): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'mask-sweep-helm-'));
  writeFileSync(join(home, 'values.json'), JSON.stringify(values));
  await promisify(execFile)(
    cluster.tools.helm,
    [
      'upgrade',
      '--install',
      RELEASE,
      'secret-notes',
      `--repo=${repo.url}`,
      `--ca-file=${repo.caFile}`,
      '--version=0.1.0',
      `--namespace=${NS}`,
      `--values=${join(home, 'values.json')}`,
      `--kubeconfig=${cluster.kubeconfigPath}`,
    ],
    {
      env: {
        PATH: '/usr/bin:/bin',
        HOME: home,
        HELM_CONFIG_HOME: join(home, 'c'),
        HELM_CACHE_HOME: join(home, 'k'),
        HELM_DATA_HOME: join(home, 'd'),
      },
    },
  );
}

beforeAll(async () => {
  repo = await startChartRepo(cluster);
  canaries = await plantCanaries(NS);
  const helm = {
    helmApiKey: canary('helmApiKey'),
    helmToken: canary('helmToken'),
    helmDb: canary('helmDb'),
    helmNewValue: canary('helmNewValue'),
  };
  await installRelease({
    secrets: { apiKey: helm.helmApiKey },
    tokens: [{ name: 'ci', value: helm.helmToken }],
    credentials: { db: { password: helm.helmDb } },
  });
  canaries = { ...canaries, ...helm };
  pod = await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, [
    'get',
    'pods',
    '-n',
    NS,
    `--selector=app=${PLANTED.deployment}`,
    '--output=jsonpath={.items[0].metadata.name}',
  ]);

  rancherData = await plantRancherCanaries(testRancher());
  canaries = { ...canaries, ...rancherData.canaries };

  for (const surface of SURFACES) {
    const config = widestConfig(surface, { url: repo.url, caFile: repo.caFile });
    const rt = createRuntime(config);
    const logLines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
    Object.assign(rt, { log, audit: new AuditLog(log, config.audit.file) });
    servers[surface] = { mcp: await connect({ rt, identity: surfaceIdentity(surface), plans: true }), logLines };
  }
}, 300_000);
afterAll(async () => {
  for (const { mcp } of Object.values(servers)) {
    await mcp.close();
    await mcp.rt.gateway.close();
  }
  await rancherData?.remove();
  await repo?.close();
});

const KINDS = [
  'secrets',
  'configmaps',
  'deployments',
  'replicasets',
  'pods',
  'statefulsets',
  'controllerrevisions',
  'cronjobs',
  'podtemplates',
  'pipelines.mask.drover.test',
  'events',
];
const OBJECTS: [string, string][] = [
  ['secret', PLANTED.secret],
  ['configmap', PLANTED.configMap],
  ['configmap', PLANTED.adversarialConfigMap],
  ['deployment', PLANTED.deployment],
  ['deployment', PLANTED.applied],
  ['statefulset', PLANTED.statefulSet],
  ['cronjob', PLANTED.cronJob],
  ['podtemplate', PLANTED.podTemplate],
  ['pipelines.mask.drover.test', PLANTED.customResource],
];
const ns = NS;
const release = { release: RELEASE, namespace: ns };

/** Every tool with arguments aimed at the planted canaries (the fuzz fixtures, re-aimed, plus variants). */
function calls(): [string, Record<string, unknown>][] {
  const list: [string, Record<string, unknown>][] = [
    ...KINDS.flatMap((kind) =>
      ['table', 'wide', 'yaml', 'json'].map((output): [string, Record<string, unknown>] => ['k8s_get', { kind, namespace: ns, output }]),
    ),
    ...OBJECTS.flatMap(([kind, name]) =>
      ['yaml', 'json'].map((output): [string, Record<string, unknown>] => ['k8s_get', { kind, name, namespace: ns, output }]),
    ),
    ['k8s_get', { kind: 'configmaps', namespace: ns, fields: ['data'] }],
    ['k8s_get', { kind: 'deployments', namespace: ns, fields: ['spec.template.spec.containers', 'metadata.annotations'] }],
    ...OBJECTS.map(([kind, name]): [string, Record<string, unknown>] => ['k8s_describe', { kind, name, namespace: ns }]),
    ['k8s_describe', { kind: 'deployment', name: PLANTED.deployment, namespace: ns }],
    ['k8s_logs', { kind: 'deployment', name: PLANTED.deployment, namespace: ns, tail: 200 }],
    ['k8s_logs', { ...validArgs.k8s_logs, name: PLANTED.deployment, namespace: ns, include: 'password|token|key' }],
    ['k8s_events', { namespace: ns }],
    ['k8s_events', { ...validArgs.k8s_events, namespace: ns }],
    ['k8s_top', { ...validArgs.k8s_top, namespace: ns }],
    ['k8s_diagnose', { namespace: ns }],
    ['k8s_scale', { kind: 'deployment', name: PLANTED.deployment, namespace: ns, replicas: 2 }],
    ['k8s_scale', { kind: 'statefulset', name: PLANTED.statefulSet, namespace: ns, replicas: 2 }],
    [
      'k8s_apply',
      {
        manifest: JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: PLANTED.configMap, namespace: ns },
          data: { EXTRA: 'x' },
        }),
        namespace: ns,
      },
    ],
    [
      'k8s_apply',
      {
        manifest: JSON.stringify({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: PLANTED.secret, namespace: ns },
          stringData: { other: 'x' },
        }),
        namespace: ns,
      },
    ],
    [
      'k8s_patch',
      {
        kind: 'deployment',
        name: PLANTED.deployment,
        namespace: ns,
        type: 'json',
        patch: [{ op: 'copy', from: '/spec/template/spec/containers/0/env/0/value', path: '/metadata/annotations/copied' }],
      },
    ],
    ['k8s_patch', { kind: 'deployment', name: PLANTED.applied, namespace: ns, type: 'merge', patch: { spec: { replicas: 'many' } } }],
    ['k8s_patch', { kind: 'configmap', name: PLANTED.configMap, namespace: ns, type: 'merge', patch: { metadata: { labels: 5 } } }],
    ['k8s_patch', { ...validArgs.k8s_patch, name: PLANTED.deployment, namespace: ns }],
    ...['status', 'history'].map((action): [string, Record<string, unknown>] => [
      'k8s_rollout_status',
      { action, kind: 'deployment', name: PLANTED.deployment, namespace: ns },
    ]),
    ...['restart', 'undo', 'pause', 'resume'].map((action): [string, Record<string, unknown>] => [
      'k8s_rollout',
      { action, kind: 'deployment', name: PLANTED.deployment, namespace: ns },
    ]),
    ['k8s_rollout_status', { action: 'history', kind: 'statefulset', name: PLANTED.statefulSet, namespace: ns }],
    ...OBJECTS.map(([kind, name]): [string, Record<string, unknown>] => ['k8s_delete', { kind, name, namespace: ns }]),
    ['k8s_exec', { pod, namespace: ns, command: ['env'] }],
    ['k8s_describe', { kind: 'pod', name: pod, namespace: ns }],
    ['k8s_logs', { name: pod, namespace: ns, timestamps: true }],
    ['k8s_api_resources', validArgs.k8s_api_resources],
    ['k8s_auth_can_i', validArgs.k8s_auth_can_i],
    ['k8s_auth_can_i', { namespace: ns }],
    ['k8s_explain', validArgs.k8s_explain],
    ['helm_list', { namespace: ns }],
    ['helm_status', release],
    ['helm_history', release],
    ...['values', 'manifest', 'notes', 'all'].flatMap((what) =>
      [false, true].map((allValues): [string, Record<string, unknown>] => ['helm_get', { ...release, what, allValues }]),
    ),
    [
      'helm_install',
      {
        release: 'vault-2',
        chart: 'drover-test/secret-notes',
        version: '0.1.0',
        namespace: ns,
        values: { secrets: { apiKey: canaries.helmNewValue } },
      },
    ],
    [
      'helm_upgrade',
      { ...release, chart: 'drover-test/secret-notes', version: '0.1.0', values: { credentials: { db: { user: 'other' } } } },
    ],
    ['helm_rollback', { ...release, revision: 1 }],
    ['helm_uninstall', release],
  ];
  return list;
}

/** In Rancher mode: the Rancher tools on both clusters, then every call above through Rancher's proxy to the local one. */
function rancherCalls(): [string, Record<string, unknown>][] {
  return [
    ['rancher_clusters', {}],
    ['rancher_projects', {}],
    ['rancher_projects', { cluster: rancherData.downstream.id }],
    ['k8s_get', { kind: 'pods', namespace: ns, cluster: rancherData.downstream.id }],
    ...calls().map(([tool, args]): [string, Record<string, unknown>] => [tool, { ...args, cluster: 'local' }]),
  ];
}

describe('canary sweep', () => {
  it('shows no canary in any result, error, audit line or log line of any tool or resource', async () => {
    const leaks: string[] = [];
    const seen = (where: string, text: string) => {
      const places = leakedPlaces(canaries, text);
      if (places.length) leaks.push(`${where}: ${places.join(', ')}`);
    };
    const planned: Record<Surface, [string, Record<string, unknown>][]> = { standalone: calls(), rancher: rancherCalls() };
    // Every tool, each in a surface that offers it.
    for (const surface of SURFACES) {
      const offered = new Set(offeredTools(servers[surface].mcp.rt.config).map((t) => t.name));
      expect(planned[surface].map(([tool]) => tool).filter((tool) => !offered.has(tool))).toEqual([]);
    }
    const called = new Set(SURFACES.flatMap((surface) => planned[surface].map(([tool]) => tool)));
    expect(allTools.map((t) => t.name).filter((name) => !called.has(name))).toEqual([]);

    const answered = {} as Record<Surface, { ok: number; of: number }>;
    for (const surface of SURFACES) {
      const { mcp, logLines } = servers[surface];
      let ok = 0;
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < planned[surface].length) {
            const [tool, args] = planned[surface][next++];
            const where = `${surface} ${tool} ${JSON.stringify(args).slice(0, 160)}`;
            try {
              const res = await mcp.call(tool, args);
              if (!res.isError) ok++;
              seen(where, JSON.stringify(res));
            } catch (err) {
              seen(`${where} (protocol error)`, String((err as Error).message));
            }
          }
        }),
      );

      const { resources } = await mcp.client.listResources();
      const { resourceTemplates } = await mcp.client.listResourceTemplates();
      const uris = [
        ...resources.map((r) => r.uri),
        ...OBJECTS.map(([kind, name]) => `k8s://namespaces/${ns}/${kind}/${name}`),
        'k8s://cluster/customresourcedefinitions/pipelines.mask.drover.test',
        'k8s://cluster/namespaces/mask-sweep',
      ];
      expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
        'k8s://cluster/{kind}/{name}',
        'k8s://namespaces/{namespace}/{kind}/{name}',
      ]);
      for (const uri of uris) {
        try {
          seen(`${surface} ${uri}`, JSON.stringify(await mcp.client.readResource({ uri })));
        } catch (err) {
          seen(`${surface} ${uri} (protocol error)`, String((err as Error).message));
        }
      }

      seen(`the ${surface} audit file`, readFileSync(mcp.rt.config.audit.file!, 'utf8'));
      seen(`the ${surface} server log`, logLines.join(''));
      answered[surface] = { ok, of: planned[surface].length };
      expect(logLines.length).toBeGreaterThan(planned[surface].length);
    }
    expect(leaks).toEqual([]);
    // The sweep must have reached the cluster (and Rancher), not only stopped at argument checks.
    for (const { ok, of } of Object.values(answered)) expect(ok).toBeGreaterThan(of * 0.7);
  }, 900_000);
});
