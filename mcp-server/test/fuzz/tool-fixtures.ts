// One valid set of arguments per tool: the fuzzer replaces one field at a time with a hostile value.
export const FUZZ_NAMESPACE = 'mcp-fuzz';
const ns = FUZZ_NAMESPACE;
const manifest = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fuzz', namespace: ns }, data: { a: '1' } });

export const validArgs: Record<string, Record<string, unknown>> = {
  k8s_get: { kind: 'pods', namespace: ns, labelSelector: 'app=web', fieldSelector: 'status.phase=Running' },
  k8s_describe: { kind: 'deployment', name: 'web', namespace: ns },
  k8s_logs: { kind: 'deployment', name: 'web', namespace: ns, tail: 20, since: '1h', include: 'GET', exclude: 'healthz' },
  k8s_events: { namespace: ns, kind: 'deployment', name: 'web', type: 'Warning', since: '1h' },
  k8s_top: { what: 'pods', namespace: ns, labelSelector: 'app=web' },
  k8s_diagnose: { namespace: ns },
  k8s_scale: { kind: 'deployment', name: 'web', namespace: ns, replicas: 2 },
  k8s_apply: { manifest, namespace: ns },
  k8s_patch: { kind: 'deployment', name: 'api', namespace: ns, patch: '{"metadata":{"labels":{"fuzz":"1"}}}' },
  k8s_rollout: { action: 'restart', kind: 'deployment', name: 'api', namespace: ns },
  k8s_rollout_status: { action: 'history', kind: 'deployment', name: 'api', namespace: ns },
  k8s_delete: { kind: 'configmap', name: 'web-config', namespace: ns },
  k8s_exec: { pod: 'web', namespace: ns, command: ['ls', '-la'] },
  k8s_api_resources: { group: 'apps', search: 'deploy' },
  k8s_auth_can_i: { verb: 'get', resource: 'pods/log', namespace: ns, name: 'web' },
  k8s_explain: { kind: 'deployment', field: 'spec.replicas' },
  // Rancher mode only, where every tool but rancher_clusters also takes `cluster` (default: the one in view).
  rancher_clusters: {},
  rancher_projects: { cluster: 'local' },
  helm_list: { namespace: ns },
  helm_status: { release: 'fuzz', namespace: ns },
  helm_history: { release: 'fuzz', namespace: ns },
  helm_get: { release: 'fuzz', namespace: ns, what: 'values' },
  helm_install: { release: 'fuzz', chart: 'drover-test/hello', version: '0.1.0', namespace: ns, values: { greeting: 'hi' } },
  helm_upgrade: { release: 'fuzz', chart: 'drover-test/hello', version: '0.1.0', namespace: ns },
  helm_rollback: { release: 'fuzz', namespace: ns, revision: 1 },
  helm_uninstall: { release: 'fuzz', namespace: ns },
};
