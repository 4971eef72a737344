// Canaries planted in every place of a namespace where a secret can sit, each a unique random string, so a leak
// names its place: Secret data, ConfigMap keys that name secrets and JSON inside ordinary ones, env values of every
// workload kind (Deployment, StatefulSet and its ControllerRevision, CronJob, PodTemplate, a custom resource), secret
// container arguments, an annotation, the last-applied annotation, an Event message, log lines. The editor may edit
// the namespace.
import { applyObjects, canary, deployment, event, kubectlOk, seedLogs, waitForDeployments } from '../../../tests/cluster';
import { adversarialTexts, secretShapes } from '../fuzz/hostile-values';
import { editableNamespace } from '../tools/write-fixtures';
import { cluster } from './harness';

/* eslint-disable @typescript-eslint/no-explicit-any */

const admin = (args: string[], input?: string) => kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, args, input);

/** Long enough to have made the old, backtracking masking rules take seconds per object. */
const ADVERSARIAL = adversarialTexts(40 * 1024).benign['a-a-a-…'];

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'pipelines.mask.drover.test' },
  spec: {
    group: 'mask.drover.test',
    scope: 'Namespaced',
    names: { plural: 'pipelines', singular: 'pipeline', kind: 'Pipeline' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

const PLACES = [
  'secretData',
  'secretStringData',
  'configMapKey',
  'configMapJson',
  'configMapAdversarial',
  'deploymentEnv',
  'deploymentArg',
  'deploymentArgValue',
  'annotation',
  'lastApplied',
  'lastAppliedArg',
  'statefulSetEnv',
  'cronJobEnv',
  'podTemplateEnv',
  'customResourceEnv',
  'eventMessage',
  'logLine',
] as const;
export type Place = (typeof PLACES)[number];

/** The objects of the namespace, by what they are, for tools that need a name. */
export const PLANTED = {
  secret: 'creds',
  configMap: 'settings',
  adversarialConfigMap: 'adversarial',
  deployment: 'web',
  applied: 'applied',
  statefulSet: 'db',
  cronJob: 'report',
  podTemplate: 'template',
  customResource: 'pipeline',
  container: 'web',
} as const;

function podSpec(container: string, env: Record<string, string>, args: string[] = []): object {
  return {
    containers: [{ name: container, image: 'nginx:1.27', args, env: Object.entries(env).map(([name, value]) => ({ name, value })) }],
  };
}

export async function plantCanaries(namespace: string): Promise<Record<Place, string>> {
  const c = Object.fromEntries(PLACES.map((p) => [p, canary(p)])) as Record<Place, string>;
  const web = deployment({ name: PLANTED.deployment, namespace }) as any;
  web.metadata.annotations = { 'shop.example.com/config': JSON.stringify({ password: c.annotation }) };
  web.spec.template.spec.containers[0].args = ['--secret', c.deploymentArg, `--password=${c.deploymentArgValue}`, '--port=8080'];
  web.spec.template.spec.containers[0].env = [
    { name: 'DB_PASSWORD', value: c.deploymentEnv },
    { name: 'LOG_LEVEL', value: 'info' },
  ];
  await editableNamespace(namespace, [
    CRD,
    web,
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: PLANTED.secret, namespace },
      data: { 'tls.key': Buffer.from(c.secretData).toString('base64') },
      stringData: { note: c.secretStringData },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: PLANTED.configMap, namespace },
      data: { DB_PASSWORD: c.configMapKey, 'app.json': JSON.stringify({ database: { password: c.configMapJson } }), LOG_LEVEL: 'info' },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: PLANTED.adversarialConfigMap, namespace },
      data: { notes: `${ADVERSARIAL} --password ${c.configMapAdversarial} ${ADVERSARIAL}` },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: PLANTED.statefulSet, namespace },
      spec: {
        serviceName: PLANTED.statefulSet,
        selector: { matchLabels: { app: PLANTED.statefulSet } },
        template: { metadata: { labels: { app: PLANTED.statefulSet } }, spec: podSpec('db', { API_TOKEN: c.statefulSetEnv }) },
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: PLANTED.cronJob, namespace },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: { spec: { template: { spec: { ...podSpec('report', { PASSWORD: c.cronJobEnv }), restartPolicy: 'Never' } } } },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: PLANTED.podTemplate, namespace },
      template: { metadata: { labels: { app: 'template' } }, spec: podSpec('job', { ENCRYPTION_KEY: c.podTemplateEnv }) },
    },
    event({
      namespace,
      involved: { kind: 'Deployment', name: PLANTED.deployment, apiVersion: 'apps/v1' },
      type: 'Warning',
      reason: 'BadConfig',
      message: `the password is ${c.eventMessage} ${ADVERSARIAL}`,
    }),
  ]);
  // Applied client-side, so the last-applied annotation holds the env value and the argument too.
  const applied = deployment({ name: PLANTED.applied, namespace }) as any;
  applied.spec.template.spec.containers[0].env = [{ name: 'SIGNING_KEY', value: c.lastApplied }];
  applied.spec.template.spec.containers[0].args = ['--token', c.lastAppliedArg];
  await admin(['apply', '-f', '-'], JSON.stringify(applied));
  await admin(['wait', '--for=condition=Established', `crd/${CRD.metadata.name}`, '--timeout=60s']);
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    {
      apiVersion: 'mask.drover.test/v1',
      kind: 'Pipeline',
      metadata: { name: PLANTED.customResource, namespace },
      spec: { stages: [{ name: 'build', run: { pod: { spec: podSpec('build', { MASTER_KEY: c.customResourceEnv }) } } }] },
    },
  ]);
  await seedLogs(cluster, { namespace, container: PLANTED.container, lines: ['GET /healthz 200 0.4ms', ...secretShapes(c.logLine)] });
  await waitForDeployments(cluster, [namespace], [PLANTED.deployment, PLANTED.applied]);
  // The StatefulSet controller writes the ControllerRevision that holds a copy of the pod template.
  for (let i = 0; !(await admin(['get', 'controllerrevisions', '-n', namespace, '-o', 'name'])).trim(); i++) {
    if (i > 60) throw new Error(`no ControllerRevision appeared in ${namespace}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return c;
}

/** The places whose canary appears in `text`. */
export function leakedPlaces(canaries: Record<string, string>, text: string): string[] {
  return Object.entries(canaries)
    .filter(([, secret]) => text.includes(secret))
    .map(([place]) => place);
}
