// Reads toolchain/versions.env (the one place versions are pinned) and maps each pinned tool to its cache folder.
// The folder names must match toolchain/lib.sh, which installs them.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface PinnedVersions {
  NODE_VERSION: string;
  KUBECTL_VERSION: string;
  HELM_VERSION: string;
  KUBERNETES_VERSION: string;
  KWOK_VERSION: string;
  ETCD_DEBIAN_VERSION: string;
  CHROMIUM_DEBIAN_VERSION: string;
  RANCHER_VERSION: string;
  RANCHER_COMMIT: string;
  MCP_PYTHON_SDK_VERSION: string;
}

const REQUIRED: (keyof PinnedVersions)[] = [
  'NODE_VERSION', 'KUBECTL_VERSION', 'HELM_VERSION', 'KUBERNETES_VERSION', 'KWOK_VERSION', 'ETCD_DEBIAN_VERSION',
  'CHROMIUM_DEBIAN_VERSION', 'RANCHER_VERSION', 'RANCHER_COMMIT', 'MCP_PYTHON_SDK_VERSION',
];

export const VERSIONS_FILE = join(__dirname, 'versions.env');

export function readVersions(file = VERSIONS_FILE): PinnedVersions {
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]] = match[2];
  }
  for (const key of REQUIRED) {
    if (!values[key]) throw new Error(`${file} does not pin ${key}`);
  }
  return values as unknown as PinnedVersions;
}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.DROVER_CACHE || join(homedir(), '.cache', 'drover');
}

export interface ToolPaths {
  node: string;
  kubectl: string;
  helm: string;
  etcd: string;
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kwok: string;
  kwokCrds: string;
  /** Wrapper script around Debian's chromium-headless-shell (install.sh chromium). */
  chromium: string;
  /** Python of the venv with the official MCP Python SDK (install.sh python-mcp). */
  pythonMcp: string;
}

export function toolPaths(v: PinnedVersions = readVersions(), root = cacheRoot()): ToolPaths {
  const kubeTools = join(root, `kubectl-v${v.KUBECTL_VERSION}-helm-v${v.HELM_VERSION}`, 'bin');
  const k8s = join(root, `kubernetes-v${v.KUBERNETES_VERSION}`, 'bin');
  const kwok = join(root, `kwok-v${v.KWOK_VERSION}`);
  return {
    node: join(root, `node-v${v.NODE_VERSION}`, 'bin', 'node'),
    kubectl: join(kubeTools, 'kubectl'),
    helm: join(kubeTools, 'helm'),
    etcd: join(root, `etcd-v${v.ETCD_DEBIAN_VERSION}`, 'bin', 'etcd'),
    kubeApiserver: join(k8s, 'kube-apiserver'),
    kubeControllerManager: join(k8s, 'kube-controller-manager'),
    kubeScheduler: join(k8s, 'kube-scheduler'),
    kwok: join(kwok, 'bin', 'kwok'),
    kwokCrds: join(kwok, 'crds'),
    // When the mirror had only a newer build, the pinned folder is a symlink to the one installed instead.
    chromium: join(root, `chromium-v${v.CHROMIUM_DEBIAN_VERSION}`, 'bin', 'chromium'),
    pythonMcp: join(root, `python-mcp-${v.MCP_PYTHON_SDK_VERSION}`, 'bin', 'python'),
  };
}

/**
 * Rancher's own dashboard for a real Rancher to serve (toolchain/install.sh dashboard): one build per root
 * package-lock.json, in the folder lib.sh's dashboard_dir names. Start Rancher with CATTLE_UI_DASHBOARD_PATH=<it>
 * and CATTLE_UI_OFFLINE_PREFERRED=true.
 */
export function dashboardDir(root = cacheRoot(), lockFile = join(__dirname, '..', 'package-lock.json')): string {
  const lock = readFileSync(lockFile);
  const shell: string = JSON.parse(lock.toString('utf8')).packages?.['node_modules/@rancher/shell']?.version ?? 'unknown';
  return join(root, `dashboard-${shell}-${createHash('sha256').update(lock).digest('hex').slice(0, 12)}`);
}
