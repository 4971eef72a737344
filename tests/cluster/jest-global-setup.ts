// Jest globalSetup shared by every suite that needs the cluster. If the test orchestrator (toolchain/test-all.ts)
// already started one, its state file is reused; otherwise this run starts its own (with its Rancher) and tears it
// down after.
import { existsSync } from 'node:fs';
import { CLUSTER_STATE_ENV } from './state';
import { startTestGround, type TestGround } from './test-ground';

declare global {
  // eslint-disable-next-line no-var
  var droverTestGround: TestGround | undefined;
}

export default async function globalSetup(): Promise<void> {
  const shared = process.env[CLUSTER_STATE_ENV];
  if (shared && existsSync(shared)) return;
  const ground = await startTestGround();
  process.env[CLUSTER_STATE_ENV] = ground.statePath;
  globalThis.droverTestGround = ground;
}
