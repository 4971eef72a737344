// The execution engine against real child processes (Node scripts stand in for kubectl and helm).
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, Limiter, QueueFullError } from '../../src/exec/limiter';
import { withPrivateDir } from '../../src/exec/private-dir';
import { run, SpawnError, type RunRequest } from '../../src/exec/run';

const node = process.execPath;
const script = (code: string, overrides: Partial<RunRequest> = {}): RunRequest => ({
  file: node,
  args: ['-e', code],
  env: { PATH: '/usr/bin:/bin' },
  timeoutMs: 10_000,
  maxStdoutBytes: 1024 * 1024,
  ...overrides,
});

describe('run', () => {
  it('passes arguments as argv, so shell syntax stays literal', async () => {
    const res = await run({
      ...script('console.log(JSON.stringify(process.argv.slice(1)))'),
      args: ['-e', 'console.log(JSON.stringify(process.argv.slice(1)))', '--', '$(id); rm -rf / && echo pwned', '`x`'],
    });
    expect(JSON.parse(res.stdout)).toEqual(['$(id); rm -rf / && echo pwned', '`x`']);
    expect(res.exitCode).toBe(0);
  });

  it('gives the child only the environment it was handed', async () => {
    process.env.DROVER_SECRET_TEST = 'must-not-leak';
    const res = await run(
      script('console.log(JSON.stringify(Object.keys(process.env).sort()))', { env: { PATH: '/usr/bin', HOME: '/nowhere' } }),
    );
    delete process.env.DROVER_SECRET_TEST;
    expect(JSON.parse(res.stdout)).toEqual(['HOME', 'PATH']);
  });

  it('feeds stdin and reports stderr and the exit code', async () => {
    const res = await run(
      script(
        'let d="";process.stdin.on("data",c=>d+=c).on("end",()=>{console.log(d.toUpperCase());console.error("warned");process.exit(3)})',
        { stdin: 'kind: Deployment' },
      ),
    );
    expect(res).toMatchObject({ exitCode: 3, stdout: 'KIND: DEPLOYMENT\n', stderr: 'warned\n', truncated: false });
  });

  it('caps stdout, stops the child and says so, instead of buffering without bound', async () => {
    const res = await run(script('const l="x".repeat(1023)+"\\n";for(;;)process.stdout.write(l)', { maxStdoutBytes: 4096 }));
    expect(res.truncated).toBe(true);
    expect(Buffer.byteLength(res.stdout)).toBe(4096);
    expect(res.stdoutBytes).toBeGreaterThanOrEqual(4096);
  });

  it('never splits a multi-byte character at the cap', async () => {
    const res = await run(script('process.stdout.write("é".repeat(10))', { maxStdoutBytes: 5 }));
    expect(res.stdout).toBe('éé');
  });

  it('stops a hung child at its deadline', async () => {
    const res = await run(script('setInterval(()=>{},1000)', { timeoutMs: 300 }));
    expect(res).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGTERM' });
    expect(res.durationMs).toBeLessThan(5_000);
  });

  it('kills a child that ignores SIGTERM after the grace period', async () => {
    const res = await run(
      script('process.on("SIGTERM",()=>{});console.log("up");setInterval(()=>{},1000)', { timeoutMs: 500, killGraceMs: 200 }),
    );
    expect(res).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
  });

  it('stops the child when the call is cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const res = await run(script('setInterval(()=>{},1000)', { signal: controller.signal }));
    expect(res).toMatchObject({ cancelled: true, timedOut: false });
  });

  it('does not start at all when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const res = await run(script('console.log("ran")', { signal: controller.signal }));
    expect(res).toMatchObject({ cancelled: true, stdout: '' });
  });

  it('names a missing program', async () => {
    await expect(run({ ...script(''), file: '/nonexistent/kubectl' })).rejects.toThrow(
      new SpawnError('/nonexistent/kubectl is not installed'),
    );
  });
});

describe('Limiter', () => {
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((r) => {
      open = r;
    });
    return { open, opened };
  };

  it('runs at most maxActive tasks at once and queues the rest in order', async () => {
    const limiter = new Limiter(2, 10);
    const g = gate();
    const order: number[] = [];
    const tasks = [1, 2, 3, 4].map((n) =>
      limiter.run(async () => {
        await g.opened;
        order.push(n);
        return n;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(limiter.stats).toEqual({ active: 2, queued: 2 });
    g.open();
    expect(await Promise.all(tasks)).toEqual([1, 2, 3, 4]);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(limiter.stats).toEqual({ active: 0, queued: 0 });
  });

  it('refuses work beyond the queue bound with a clear message', async () => {
    const limiter = new Limiter(1, 1);
    const g = gate();
    const first = limiter.run(() => g.opened);
    const second = limiter.run(() => g.opened);
    await expect(limiter.run(() => g.opened)).rejects.toThrow(QueueFullError);
    g.open();
    await Promise.all([first, second]);
  });

  it('drops a queued task when its call is cancelled', async () => {
    const limiter = new Limiter(1, 5);
    const g = gate();
    const first = limiter.run(() => g.opened);
    const controller = new AbortController();
    const queued = limiter.run(async () => 'ran', controller.signal);
    controller.abort();
    await expect(queued).rejects.toThrow(CancelledError);
    expect(limiter.stats.queued).toBe(0);
    g.open();
    await first;
  });
});

describe('withPrivateDir', () => {
  it('creates a 0700 folder on first use, the same one every time, and removes it afterwards, also on failure', async () => {
    let seen = '';
    await expect(
      withPrivateDir(async (dir) => {
        seen = dir();
        expect(dir()).toBe(seen);
        expect(statSync(seen).mode & 0o777).toBe(0o700);
        throw new Error('tool failed');
      }),
    ).rejects.toThrow('tool failed');
    expect(existsSync(seen)).toBe(false);
  });

  it('creates no folder for a call that never asks for one', async () => {
    const base = mkdtempSync(join(tmpdir(), 'drover-dir-test-'));
    await withPrivateDir(async () => 'read through the gateway', base);
    expect(readdirSync(base)).toEqual([]);
  });
});
