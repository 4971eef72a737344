// When something cannot start, the harness says which component, shows its last log lines and how to retry.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startCluster } from '../control-plane';
import { startComponent, waitReady } from '../processes';

const scratch = mkdtempSync(join(tmpdir(), 'drover-failures-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('loud failures', () => {
  it('names a component that exits before it is ready, with its log tail and the retry command', async () => {
    const c = startComponent('fake-apiserver', process.execPath,
      ['-e', 'console.error("E1121 listen tcp 127.0.0.1:6443: bind: address already in use"); process.exit(255)'],
      join(scratch, 'fake-apiserver.log'));
    const err = await waitReady(c, { url: 'http://127.0.0.1:9/readyz' }, 10_000, 'npm run cluster:up').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('fake-apiserver exited (code 255) before it was ready');
    expect((err as Error).message).toContain('bind: address already in use');
    expect((err as Error).message).toContain('Retry with: npm run cluster:up');
  });

  it('names a component that never becomes ready', async () => {
    const c = startComponent('slow-etcd', process.execPath, ['-e', 'console.log("waiting for peers");setInterval(()=>{},1000)'],
      join(scratch, 'slow-etcd.log'));
    const err = await waitReady(c, { url: 'http://127.0.0.1:9/health' }, 500, 'npm run cluster:up').catch((e: Error) => e);
    c.child.kill('SIGKILL');
    expect((err as Error).message).toMatch(/slow-etcd did not become ready within 0.5 s \(probe http:\/\/127.0.0.1:9\/health\)/);
    expect((err as Error).message).toContain('waiting for peers');
  });

  it('lists every missing binary and the install command', async () => {
    const saved = process.env.DROVER_CACHE;
    process.env.DROVER_CACHE = join(scratch, 'empty-cache');
    try {
      await expect(startCluster()).rejects.toThrow(/not installed: \S+\/bin\/node, .*\/bin\/kube-apiserver, .*\nInstall them with: toolchain\/install.sh all$/s);
    } finally {
      process.env.DROVER_CACHE = saved;
    }
  });

  it('stops the control-plane build with a clear message when Go is missing', () => {
    const script = resolve(__dirname, '..', '..', '..', 'toolchain', 'build-control-plane.sh');
    const res = spawnSync('bash', [script], {
      encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: scratch, DROVER_CACHE: join(scratch, 'cache') },
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("ERROR: 'go' is not on PATH");
    expect(res.stderr).toMatch(/retry with: .*install.sh control-plane/);
  });
});
