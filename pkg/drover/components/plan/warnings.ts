// How serious a plan's warning is, from its words (the MCP server writes them in plain English: see
// mcp-server/src/kube/delete-impact.ts, tools/k8s/scale.ts, helm/change.ts). Three kinds stand out as dangers:
// a workload scaled to zero, data that may be lost with a volume, and a change whose reach is the whole cluster.
// The rest are warnings. Plain substring checks, case-insensitive; phrases that say data is safe do not match.

export type DangerReason = 'zero' | 'data' | 'scope';

export interface WarningClass {
  level: 'danger' | 'warning';
  reason?: DangerReason;
}

const KEYWORDS: [DangerReason, string[]][] = [
  ['zero', ['to zero', 'to 0 replicas', 'replicas=0']],
  ['data', [
    'data may be', // "its data may be deleted with the claim", "the data on their volumes may be lost"
    'all its data', // "the volume and all its data are deleted with the claim"
    'data on their volumes',
    'data will be lost',
    'deletes persistentvolumeclaim',
    'deletes persistentvolume',
  ]],
  ['scope', [
    'cluster-wide',
    'cluster-scoped',
    'in the cluster is deleted', // deleting a CustomResourceDefinition
    'every object in namespace', // deleting a Namespace
    'nothing is scheduled there', // deleting a Node
    'writes outside namespace',
    'customresourcedefinition',
    'all namespaces',
  ]],
];

export function classifyWarning(text: string): WarningClass {
  const lower = text.toLowerCase();

  for (const [reason, words] of KEYWORDS) {
    if (words.some((w) => lower.includes(w))) return { level: 'danger', reason };
  }

  return { level: 'warning' };
}

export interface ClassifiedWarning extends WarningClass {
  text: string;
}

/** The warnings with their class, dangers first (each group in the server's order). */
export function classifyWarnings(warnings: readonly string[]): ClassifiedWarning[] {
  const all = warnings.map((text) => ({ text, ...classifyWarning(text) }));

  return [...all.filter((w) => w.level === 'danger'), ...all.filter((w) => w.level === 'warning')];
}
