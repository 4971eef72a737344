// What `kubectl describe` shows about each container beyond its image and state: probes, volume mounts with the
// source of each volume, and where its environment comes from. Objects arrive redacted: an env value under a secret
// name is already "<redacted>", and values from Secrets and ConfigMaps are named (secret db-creds key password), never
// read. Each row is bounded (entries and characters), so a container with hundreds of variables stays small.
import { maskCut } from '../policy/redact';
import type { SummaryRow } from './summary-pods';

/* eslint-disable @typescript-eslint/no-explicit-any */

const MAX_ENTRIES = 12;
const VALUE_CHARS = 60;

/** A StatefulSet's volumeClaimTemplates: each pod gets a claim named <template>-<statefulset>-<ordinal>. */
export interface ClaimTemplates {
  statefulSet: string;
  names: string[];
}

function listed(parts: string[]): string {
  const more = parts.length - MAX_ENTRIES;
  return parts.slice(0, MAX_ENTRIES).join('; ') + (more > 0 ? `; … and ${more} more` : '');
}

function probeAction(p: any): string {
  if (p.httpGet) {
    const scheme = String(p.httpGet.scheme ?? 'HTTP').toLowerCase();
    return `http-get ${scheme}://${p.httpGet.host ?? ''}:${p.httpGet.port}${maskCut(String(p.httpGet.path ?? '/'), VALUE_CHARS)}`;
  }
  if (p.tcpSocket) return `tcp-socket :${p.tcpSocket.port}`;
  if (p.grpc) return `grpc :${p.grpc.port}${p.grpc.service ? ` service ${p.grpc.service}` : ''}`;
  if (p.exec) return `exec [${maskCut((p.exec.command ?? []).join(' '), VALUE_CHARS)}]`;
  return 'no action';
}

/** kubectl's probe line, with the API's defaults where a field is unset. */
function probe(kind: string, p: any): string {
  return (
    `${kind} ${probeAction(p)} delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s ` +
    `period=${p.periodSeconds ?? 10}s success=${p.successThreshold ?? 1} failure=${p.failureThreshold ?? 3}`
  );
}

/** A volume's source as kind and name: configMap web-config, secret db-creds, pvc data-web-0, emptyDir. */
function volumeSource(v: any): string {
  if (v.configMap) return `configMap ${v.configMap.name}`;
  if (v.secret) return `secret ${v.secret.secretName}`;
  if (v.persistentVolumeClaim) return `pvc ${v.persistentVolumeClaim.claimName}`;
  if (v.emptyDir) return v.emptyDir.medium === 'Memory' ? 'emptyDir (memory)' : 'emptyDir';
  if (v.hostPath) return `hostPath ${v.hostPath.path}`;
  if (v.csi) return `csi ${v.csi.driver}`;
  if (v.nfs) return `nfs ${v.nfs.server}:${v.nfs.path}`;
  if (v.image) return `image ${v.image.reference}`;
  if (v.ephemeral) return 'ephemeral claim';
  if (v.projected) {
    const sources = (v.projected.sources ?? []).map((s: any) =>
      s.configMap ? `configMap ${s.configMap.name}` : s.secret ? `secret ${s.secret.name}` : (Object.keys(s)[0] ?? 'unknown'),
    );
    return `projected (${sources.join(', ')})`;
  }
  return Object.keys(v).find((k) => k !== 'name') ?? 'unknown source';
}

function mounts(c: any, volumes: Map<string, any>, claims: ClaimTemplates | undefined): string[] {
  return (c.volumeMounts ?? []).map((m: any) => {
    const volume = volumes.get(m.name);
    const source = volume
      ? volumeSource(volume)
      : claims?.names.includes(m.name)
        ? `pvc ${m.name}-${claims.statefulSet}-<ordinal> (claim template)`
        : `volume ${m.name} (not defined in the pod)`;
    return `${m.mountPath} from ${source}${m.subPath ? ` subPath ${m.subPath}` : ''}${m.readOnly ? ' (read-only)' : ''}`;
  });
}

function envEntry(e: any): string {
  const from = e.valueFrom;
  if (!from) return `${e.name}=${maskCut(String(e.value ?? ''), VALUE_CHARS)}`;
  if (from.secretKeyRef) return `${e.name} from secret ${from.secretKeyRef.name} key ${from.secretKeyRef.key}`;
  if (from.configMapKeyRef) return `${e.name} from configMap ${from.configMapKeyRef.name} key ${from.configMapKeyRef.key}`;
  if (from.fieldRef) return `${e.name} from field ${from.fieldRef.fieldPath}`;
  if (from.resourceFieldRef) return `${e.name} from resource ${from.resourceFieldRef.resource}`;
  return `${e.name} from ${Object.keys(from)[0] ?? 'nothing'}`;
}

function envFromEntry(s: any): string {
  const source = s.configMapRef ? `configMap ${s.configMapRef.name}` : s.secretRef ? `secret ${s.secretRef.name}` : 'unknown source';
  return `all keys of ${source}${s.prefix ? ` (prefix ${s.prefix})` : ''}`;
}

/** Rows for one container of a pod spec: Probes, Mounts and Env, each only when the container has some. */
export function containerDetailRows(podSpec: any, c: any, claims?: ClaimTemplates): SummaryRow[] {
  const volumes = new Map<string, any>((podSpec?.volumes ?? []).map((v: any) => [v.name, v]));
  const probes = (
    [
      ['liveness', c.livenessProbe],
      ['readiness', c.readinessProbe],
      ['startup', c.startupProbe],
    ] as const
  )
    .filter(([, p]) => p)
    .map(([kind, p]) => probe(kind, p));
  const env = [...(c.env ?? []).map(envEntry), ...(c.envFrom ?? []).map(envFromEntry)];
  const mounted = mounts(c, volumes, claims);
  return [
    ...(probes.length ? [{ label: `Probes ${c.name}`, value: listed(probes), freeText: true }] : []),
    ...(mounted.length ? [{ label: `Mounts ${c.name}`, value: listed(mounted) }] : []),
    ...(env.length ? [{ label: `Env ${c.name}`, value: listed(env), freeText: true }] : []),
  ];
}
