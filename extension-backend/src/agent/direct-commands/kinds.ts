// kubectl's names for the common kinds. The MCP server resolves any kind by discovery (short names and CRDs
// included), so this table only makes arguments readable (deploy → deployment), tells which kinds are cluster-wide
// (they get no default namespace), and gives the rollout tool the exact names it takes. Unknown kinds pass as typed.
import { InvalidCommand } from './types';

interface KnownKind {
  kind: string;
  aliases: string[];
  clusterWide?: true;
}

const KNOWN: KnownKind[] = [
  { kind: 'pod', aliases: ['po', 'pods'] },
  { kind: 'service', aliases: ['svc', 'services'] },
  { kind: 'deployment', aliases: ['deploy', 'deployments'] },
  { kind: 'statefulset', aliases: ['sts', 'statefulsets'] },
  { kind: 'daemonset', aliases: ['ds', 'daemonsets'] },
  { kind: 'replicaset', aliases: ['rs', 'replicasets'] },
  { kind: 'job', aliases: ['jobs'] },
  { kind: 'cronjob', aliases: ['cj', 'cronjobs'] },
  { kind: 'configmap', aliases: ['cm', 'configmaps'] },
  { kind: 'secret', aliases: ['secrets'] },
  { kind: 'ingress', aliases: ['ing', 'ingresses'] },
  { kind: 'persistentvolumeclaim', aliases: ['pvc', 'persistentvolumeclaims'] },
  { kind: 'serviceaccount', aliases: ['sa', 'serviceaccounts'] },
  { kind: 'horizontalpodautoscaler', aliases: ['hpa', 'horizontalpodautoscalers'] },
  { kind: 'poddisruptionbudget', aliases: ['pdb', 'poddisruptionbudgets'] },
  { kind: 'networkpolicy', aliases: ['netpol', 'networkpolicies'] },
  { kind: 'endpoints', aliases: ['ep'] },
  { kind: 'event', aliases: ['ev', 'events'] },
  { kind: 'role', aliases: ['roles'] },
  { kind: 'rolebinding', aliases: ['rolebindings'] },
  { kind: 'resourcequota', aliases: ['quota', 'resourcequotas'] },
  { kind: 'limitrange', aliases: ['limits', 'limitranges'] },
  { kind: 'namespace', aliases: ['ns', 'namespaces'], clusterWide: true },
  { kind: 'node', aliases: ['no', 'nodes'], clusterWide: true },
  { kind: 'persistentvolume', aliases: ['pv', 'persistentvolumes'], clusterWide: true },
  { kind: 'storageclass', aliases: ['sc', 'storageclasses'], clusterWide: true },
  { kind: 'ingressclass', aliases: ['ingressclasses'], clusterWide: true },
  { kind: 'priorityclass', aliases: ['pc', 'priorityclasses'], clusterWide: true },
  { kind: 'clusterrole', aliases: ['clusterroles'], clusterWide: true },
  { kind: 'clusterrolebinding', aliases: ['clusterrolebindings'], clusterWide: true },
  { kind: 'customresourcedefinition', aliases: ['crd', 'crds', 'customresourcedefinitions'], clusterWide: true },
];

function known(word: string): KnownKind | undefined {
  const wanted = word.toLowerCase();
  return KNOWN.find((k) => k.kind === wanted || k.aliases.includes(wanted));
}

/** The kind's full singular name when it is a common one, otherwise the word as typed. */
export function canonicalKind(word: string): string {
  return known(word)?.kind ?? word;
}

export function isClusterWide(kind: string): boolean {
  return known(kind)?.clusterWide === true;
}

export interface ObjectTarget {
  kind: string;
  name: string;
  rest: string[];
}

/** `<kind>/<name>` or `<kind> <name>` at the start of the positionals; `rest` is what follows. */
export function takeTarget(positionals: string[]): ObjectTarget {
  const [first, ...others] = positionals;
  if (first === undefined) throw new InvalidCommand('missing <kind>/<name>');
  if (!first.includes('/')) {
    const [name, ...rest] = others;
    if (name === undefined) throw new InvalidCommand(`missing the name of the ${first}`);
    return { kind: canonicalKind(first), name, rest };
  }
  return { ...splitSlash(first), rest: others };
}

/** `<kind>/<name>` exactly. */
export function splitSlash(word: string): { kind: string; name: string } {
  const parts = word.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new InvalidCommand(`expected <kind>/<name>, got "${word}"`);
  return { kind: canonicalKind(parts[0]), name: parts[1] };
}
