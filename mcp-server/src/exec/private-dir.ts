// A private folder per call (0700) for kubeconfigs, manifests and helm state, made on first use (a call that only
// reads through the gateway never needs one) and always removed afterwards.
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function withPrivateDir<T>(task: (dir: () => string) => Promise<T>, base = tmpdir()): Promise<T> {
  let made: string | undefined;
  const dir = () => (made ??= mkdtempSync(join(base, 'drover-call-'))); // mkdtemp creates it with mode 0700
  try {
    return await task(dir);
  } finally {
    if (made) await rm(made, { recursive: true, force: true });
  }
}
