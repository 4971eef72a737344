// What the kubelet would give a container of one of the chart's Deployments, laid out under a local folder so the
// real services can start from it: ConfigMap and Secret volumes written as files, emptyDirs and claims as empty
// folders, and every path in the arguments, the environment and the mounted files moved under that folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: any;
}

export interface PodFiles {
  args: string[];
  env: Record<string, string>;
  /** Moves an absolute path of the pod under the local folder (paths of the image come from `imagePaths`). */
  localPath: (podPath: string) => string;
}

interface KeyToPath { key: string; path: string }

/** Files a ConfigMap or Secret volume projects: every key, or the listed `items` only. */
function projected(data: Record<string, string>, items: KeyToPath[] | undefined, what: string): [string, string][] {
  if (!items) return Object.entries(data);
  return items.map(({ key, path }) => {
    if (!(key in data)) throw new Error(`${what} has no key ${key}`);
    return [path, data[key]];
  });
}

/**
 * Lays out the first container of `deployment` under `root`. ConfigMaps and Secrets are looked up in `objects`
 * (rendered or read from the cluster); `imagePaths` maps folders the image provides to local ones.
 */
export function materializePod(deployment: KubeObject, objects: KubeObject[], root: string, imagePaths: Record<string, string> = {}): PodFiles {
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const find = (kind: string, name: string): KubeObject => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (!found) throw new Error(`${deployment.metadata.name} mounts ${kind} ${name}, which is not there`);
    return found;
  };
  const mounts: { mountPath: string; name: string }[] = container.volumeMounts ?? [];
  const moves: [string, string][] = [
    ...mounts.map(({ mountPath }): [string, string] => [mountPath, join(root, mountPath)]),
    ...Object.entries(imagePaths),
  ].sort(([a], [b]) => b.length - a.length);
  const localPath = (podPath: string): string => {
    const move = moves.find(([from]) => podPath === from || podPath.startsWith(`${from}/`));
    return move ? move[1] + podPath.slice(move[0].length) : podPath;
  };
  const pattern = new RegExp(moves.map(([from]) => from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const rewrite = (text: string) => (moves.length ? text.replace(pattern, (path) => localPath(path)) : text);

  for (const mount of mounts) {
    const volume = pod.volumes.find((v: { name: string }) => v.name === mount.name);
    if (!volume) throw new Error(`${deployment.metadata.name} mounts volume ${mount.name}, which it does not define`);
    const dir = join(root, mount.mountPath);
    mkdirSync(dir, { recursive: true });
    let files: [string, string][] = [];
    if (volume.configMap) {
      files = projected(find('ConfigMap', volume.configMap.name).data ?? {}, volume.configMap.items, `ConfigMap ${volume.configMap.name}`)
        .map(([path, text]) => [path, rewrite(text)]);
    } else if (volume.secret) {
      const data = find('Secret', volume.secret.secretName).data ?? {};
      const decoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString('utf8')]));
      files = projected(decoded, volume.secret.items, `Secret ${volume.secret.secretName}`);
    } else if (!volume.emptyDir && !volume.persistentVolumeClaim) {
      throw new Error(`volume ${mount.name}: only ConfigMap, Secret, emptyDir and claim volumes are laid out`);
    }
    for (const [path, text] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text, { mode: 0o600 });
    }
  }

  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    if (variable.valueFrom) throw new Error(`env ${variable.name}: valueFrom is not laid out`);
    env[variable.name] = rewrite(String(variable.value ?? ''));
  }
  return { args: (container.args ?? []).map(rewrite), env, localPath };
}
