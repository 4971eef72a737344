// A private folder per call (0700) for kubeconfigs, manifests and helm state; always removed afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function withPrivateDir<T>(task: (dir: string) => Promise<T>, base = tmpdir()): Promise<T> {
  const dir = await mkdtemp(join(base, 'drover-call-')); // mkdtemp creates it with mode 0700
  try {
    return await task(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
