// Secrets never reach the model. Objects: Secret data/stringData become "<redacted N bytes>", values under
// sensitive keys (env vars, ConfigMap keys, helm values) are masked, and noise (managedFields, the last-applied
// annotation, which can hold a whole Secret) is dropped. Free text (logs, events, exec output): anything shaped
// like a credential is masked.

const SENSITIVE_KEY = /pass(word|wd)?|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credential|auth[-_]?key|cert(ificate)?[-_]?key|dsn|connection[-_]?string/i;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };
/* eslint-disable @typescript-eslint/no-explicit-any */

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

function redactedBytes(value: Json, base64: boolean): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const bytes = base64 ? Buffer.from(text, 'base64').length : Buffer.byteLength(text);
  return `<redacted ${bytes} bytes>`;
}

function maskEnv(containers: Json | undefined): void {
  if (!Array.isArray(containers)) return;
  for (const c of containers) {
    const env = (c as Obj)?.env;
    if (!Array.isArray(env)) continue;
    for (const e of env as Obj[]) {
      if (typeof e.name === 'string' && isSensitiveKey(e.name) && typeof e.value === 'string') e.value = '<redacted>';
    }
  }
}

/** Redacts one Kubernetes object in place-safe fashion (returns a copy). */
export function redactObject(input: unknown): any {
  const obj = structuredClone(input) as Obj;
  const meta = obj.metadata as Obj | undefined;
  if (meta) {
    delete meta.managedFields;
    const annotations = meta.annotations as Obj | undefined;
    if (annotations) delete annotations[LAST_APPLIED];
  }
  if (obj.kind === 'Secret') {
    for (const field of ['data', 'stringData'] as const) {
      const data = obj[field] as Obj | undefined;
      if (data) for (const k of Object.keys(data)) data[k] = redactedBytes(data[k], field === 'data');
    }
  }
  if (obj.kind === 'ConfigMap' && obj.data && typeof obj.data === 'object') {
    for (const [k, v] of Object.entries(obj.data as Obj)) if (isSensitiveKey(k)) (obj.data as Obj)[k] = redactedBytes(v, false);
  }
  // Pod specs, wherever they sit: Pod, workload templates, CronJob job templates.
  const spec = obj.spec as any;
  const specs: (Obj | undefined)[] = [spec, spec?.template?.spec, spec?.jobTemplate?.spec?.template?.spec];
  for (const spec of specs) {
    if (!spec || typeof spec !== 'object') continue;
    maskEnv(spec.containers);
    maskEnv(spec.initContainers);
    maskEnv(spec.ephemeralContainers);
  }
  if (Array.isArray(obj.items)) {
    // API lists (SecretList…) do not repeat the kind on their items; without it a Secret would not be recognised.
    const itemKind = typeof obj.kind === 'string' && obj.kind.endsWith('List') ? obj.kind.slice(0, -4) : undefined;
    obj.items = obj.items.map((item) => redactObject(item && typeof item === 'object' && !Array.isArray(item) && !(item as Obj).kind && itemKind
      ? { kind: itemKind, ...(item as Obj) } : item));
  }
  return obj;
}

/** Helm values and similar free-form trees: every value under a sensitive key is masked. */
export function redactValues(input: unknown): Json {
  const walk = (node: Json, key?: string): Json => {
    if (key && isSensitiveKey(key) && node !== null && typeof node !== 'object') return '<redacted>';
    if (Array.isArray(node)) return node.map((n) => walk(n));
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    return node;
  };
  return walk(structuredClone(input) as Json);
}

const TEXT_RULES: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '<masked private key>'],
  [/\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g, '<masked token>'],
  [/\b(bearer|basic)(\s+)[\w.~+/=-]{8,}/gi, '$1$2<masked>'],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:)[^\s@/]+@/gi, '$1<masked>@'],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, '<masked aws key>'],
  [/\b(gh[pousr]_[A-Za-z0-9]{30,}|glpat-[\w-]{20,}|xox[abprs]-[\w-]{10,}|sk-[A-Za-z0-9]{20,})\b/g, '<masked token>'],
  // key=value / key: value where the key says it is a secret.
  // (Values already replaced by a <redacted …> or <masked …> marker are left alone.)
  [/\b([\w.-]*(?:password|passwd|secret|token|api[-_]?key|access[-_]?key)[\w.-]*)(["']?\s*[=:]\s*)(["']?)([^\s"',;<][^\s"',;]{2,})\3/gi, '$1$2$3<masked>$3'],
];

export function maskText(text: string): string {
  return TEXT_RULES.reduce((t, [re, replacement]) => t.replace(re, replacement), text);
}
