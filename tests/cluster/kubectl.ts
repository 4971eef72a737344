// The harness's own kubectl calls (argv arrays, never a shell), used to bootstrap users, nodes and seed data.
import { spawn } from 'node:child_process';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

const KUBECTL_TIMEOUT_MS = 60_000;

export function runKubectl(kubectl: string, kubeconfig: string, args: string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectl, ['--kubeconfig', kubeconfig, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
      timeout: KUBECTL_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Like runKubectl, but a non-zero exit is an error that names the command and shows kubectl's message. */
export async function kubectlOk(kubectl: string, kubeconfig: string, args: string[], input?: string): Promise<string> {
  const res = await runKubectl(kubectl, kubeconfig, args, input);
  if (res.code !== 0) {
    throw new Error(`kubectl ${args.join(' ')} failed (exit ${res.code}): ${res.stderr.trim() || res.stdout.trim()}`);
  }
  return res.stdout;
}

/** Applies Kubernetes objects given as plain objects (sent as a JSON List on stdin). */
export function applyObjects(kubectl: string, kubeconfig: string, objects: object[]): Promise<string> {
  return kubectlOk(kubectl, kubeconfig, ['apply', '--server-side', '--force-conflicts', '--field-manager=drover-harness', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
}
