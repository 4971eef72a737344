// One valid set of arguments per tool: the fuzzer replaces one field at a time with a hostile value.
export const FUZZ_NAMESPACE = 'mcp-fuzz';
const ns = FUZZ_NAMESPACE;

export const validArgs: Record<string, Record<string, unknown>> = {
  k8s_get: { kind: 'pods', namespace: ns, labelSelector: 'app=web', fieldSelector: 'status.phase=Running' },
  k8s_scale: { kind: 'deployment', name: 'web', namespace: ns, replicas: 2 },
};
