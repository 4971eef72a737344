// Stops the cluster that jest-global-setup.ts started (a shared one belongs to whoever started it).
export default async function globalTeardown(): Promise<void> {
  await globalThis.droverTestGround?.stop();
  globalThis.droverTestGround = undefined;
}
