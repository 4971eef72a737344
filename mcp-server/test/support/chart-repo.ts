// A real HTTPS chart repository for the helm tests: charts are packaged at test time with `helm package` (the
// fixture chart hello 0.1.0, a 0.2.0 derived from it, and small charts that probe the policy and the masking) and served with an
// index.yaml from `helm repo index`, over TLS with the test cluster's own serving certificate (valid for 127.0.0.1).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ClusterInfo } from '../../../tests/cluster';

export const HELLO_FIXTURE = join(__dirname, '../../../tests/fixtures/charts/hello');

export interface ChartRepo {
  /** Repository URL (ends with /). */
  url: string;
  /** The CA bundle that verifies the server (the cluster's apiserver.crt, which carries its CA). */
  caFile: string;
  /** Paths the server was asked for, in order. */
  requests: string[];
  /** Packages a chart from these files (Chart.yaml included) into the repository and re-indexes it. */
  publish(files: Files): void;
  close(): Promise<void>;
}

export type Files = Record<string, string>;

/** hello 0.2.0: two replicas, a newer image, and a Secret that renders database.password. */
const HELLO_V2: Files = {
  'values.yaml': 'replicaCount: 2\nimage:\n  repository: nginx\n  tag: "1.28"\ngreeting: hello from helm\ndatabase:\n  password: ""\n',
  'templates/secret.yaml': [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: {{ .Release.Name }}-db',
    '  labels: {{- include "hello.labels" . | nindent 4 }}',
    'stringData:',
    '  password: {{ .Values.database.password | quote }}',
    '',
  ].join('\n'),
};

/** Renders, when asked by values, a ClusterRole, a ConfigMap in a namespace of the caller's choosing, a hook. */
const POLICY_PROBE: Files = {
  'Chart.yaml': 'apiVersion: v2\nname: policy-probe\nversion: 0.1.0\n',
  'values.yaml': 'clusterRole: false\nconfigMapNamespace: ""\nhookNamespace: ""\n',
  'templates/hook.yaml': [
    '{{- with .Values.hookNamespace }}',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: {{ $.Release.Name }}-hook',
    '  namespace: {{ . }}',
    '  annotations:',
    '    helm.sh/hook: pre-install',
    'data:',
    '  hook: "yes"',
    '{{- end }}',
    '',
  ].join('\n'),
  'templates/clusterrole.yaml': [
    '{{- if .Values.clusterRole }}',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRole',
    'metadata:',
    '  name: {{ .Release.Name }}-reader',
    'rules:',
    '  - apiGroups: [""]',
    '    resources: ["secrets"]',
    '    verbs: ["get", "list"]',
    '{{- end }}',
    '',
  ].join('\n'),
  'templates/configmap.yaml': [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: {{ .Release.Name }}-probe',
    '  {{- with .Values.configMapNamespace }}',
    '  namespace: {{ . }}',
    '  {{- end }}',
    'data:',
    '  probe: "yes"',
    '',
  ].join('\n'),
};

/** A chart with a CRD in crds/ (helm installs those outside the rendered manifest). */
const WITH_CRD: Files = {
  'Chart.yaml': 'apiVersion: v2\nname: with-crd\nversion: 0.1.0\n',
  'crds/widgets.yaml': [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    '  name: widgets.h3.drover.test',
    'spec:',
    '  group: h3.drover.test',
    '  scope: Namespaced',
    '  names: { plural: widgets, singular: widget, kind: Widget }',
    '  versions:',
    '    - name: v1',
    '      served: true',
    '      storage: true',
    '      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }',
    '',
  ].join('\n'),
  'templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  a: b\n',
};

/**
 * Secret values nested under sensitive keys, echoed by its notes and, when copyToConfigMap is set, copied into a
 * ConfigMap under an ordinary key (which only the helm tools, knowing the release's values, can hide; k8s_get shows it).
 */
const SECRET_NOTES: Files = {
  'Chart.yaml': 'apiVersion: v2\nname: secret-notes\nversion: 0.1.0\n',
  'values.yaml': 'secrets:\n  apiKey: ""\ntokens: []\ncredentials:\n  db:\n    user: app\n    password: ""\ncopyToConfigMap: false\n',
  'templates/NOTES.txt': [
    'Call the API with key {{ .Values.secrets.apiKey }}.',
    '{{- range .Values.tokens }}',
    'Token {{ .name }}: {{ .value }}',
    '{{- end }}',
    'Database: {{ .Values.credentials.db.user }} / {{ .Values.credentials.db.password }}',
    '',
  ].join('\n'),
  'templates/secret.yaml': [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: {{ .Release.Name }}-api',
    'stringData:',
    '  apiKey: {{ .Values.secrets.apiKey | quote }}',
    '',
  ].join('\n'),
  'templates/configmap.yaml': [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: {{ .Release.Name }}-client',
    'data:',
    '  endpoint: https://api.example.com',
    '  {{- if .Values.copyToConfigMap }}',
    '  header: {{ .Values.secrets.apiKey | quote }}',
    '  {{- end }}',
    '',
  ].join('\n'),
};

function writeFiles(dir: string, files: Files): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

function runHelm(cluster: ClusterInfo, home: string, args: string[]): void {
  execFileSync(cluster.tools.helm, args, {
    env: {
      PATH: '/usr/bin:/bin',
      HOME: home,
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_DATA_HOME: join(home, 'data'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Packages the test charts into a folder with an index.yaml (relative URLs, so the serving address is free). */
function buildRepository(cluster: ClusterInfo, work: string): string {
  const out = join(work, 'repo');
  mkdirSync(out);
  const hello2 = join(work, 'hello-0.2.0');
  cpSync(HELLO_FIXTURE, hello2, { recursive: true });
  const chartYaml = join(hello2, 'Chart.yaml');
  writeFileSync(chartYaml, readFileSync(chartYaml, 'utf8').replace(/^version: 0\.1\.0$/m, 'version: 0.2.0'));
  writeFiles(hello2, HELLO_V2);
  const probe = join(work, 'policy-probe');
  writeFiles(probe, POLICY_PROBE);
  const withCrd = join(work, 'with-crd');
  writeFiles(withCrd, WITH_CRD);
  const secretNotes = join(work, 'secret-notes');
  writeFiles(secretNotes, SECRET_NOTES);
  for (const chart of [HELLO_FIXTURE, hello2, probe, withCrd, secretNotes])
    runHelm(cluster, work, ['package', chart, '--destination', out]);
  runHelm(cluster, work, ['repo', 'index', out]);
  return out;
}

export async function startChartRepo(cluster: ClusterInfo): Promise<ChartRepo> {
  const work = mkdtempSync(join(tmpdir(), 'h3-chart-repo-'));
  const root = buildRepository(cluster, work);
  const served = new Set(readdirSync(root));
  const requests: string[] = [];
  const server = createServer(
    {
      cert: readFileSync(cluster.caFile),
      key: readFileSync(join(cluster.dir, 'pki', 'apiserver.key')),
    },
    (req, res) => {
      const path = new URL(req.url ?? '/', 'https://repo').pathname;
      requests.push(path);
      const file = basename(path);
      if (req.method !== 'GET' || path !== `/${file}` || !served.has(file)) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': file.endsWith('.yaml') ? 'application/yaml' : 'application/gzip' });
      res.end(readFileSync(join(root, file)));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const publish = (files: Files) => {
    const chart = mkdtempSync(join(work, 'chart-'));
    writeFiles(chart, files);
    runHelm(cluster, work, ['package', chart, '--destination', root]);
    runHelm(cluster, work, ['repo', 'index', root]);
    for (const file of readdirSync(root)) served.add(file);
  };
  return {
    url: `https://127.0.0.1:${port}/`,
    caFile: cluster.caFile,
    requests,
    publish,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(work, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
