// The built `drover` CLI as a child process, run the way a user or a script runs it, with its stdin, stdout,
// stderr and exit code observable.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt } from '../../../toolchain/services';

const CLI = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const WAIT_MS = 20_000;

export function buildCli(): void {
  ensureBuilt('extension-backend', 'dist/cli/main.js', ['extension-backend/src', 'extension-backend/protocol/src']);
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class CliProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<CliResult>;
  private readonly child: ChildProcessWithoutNullStreams;

  /** `env` is the whole environment besides PATH: nothing leaks in from the test runner's. */
  constructor(args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: 'pipe' });
    this.child.stdout.on('data', (d: Buffer) => {
      this.stdout += d.toString();
    });
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve({ code, stdout: this.stdout, stderr: this.stderr })));
  }

  write(text: string): void {
    this.child.stdin.write(text);
  }

  end(): void {
    this.child.stdin.end();
  }

  interrupt(): void {
    this.child.kill('SIGINT');
  }

  /** Resolves once stdout matches; fails with what was printed if it does not in time or the process ends first. */
  async waitForStdout(pattern: RegExp): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    let hasExited = false;
    void this.exited.then(() => {
      hasExited = true;
    });
    while (!pattern.test(this.stdout)) {
      if (hasExited || Date.now() > deadline) {
        throw new Error(`stdout never matched ${pattern}${hasExited ? ' (drover exited)' : ''}:\n${this.stdout}\nstderr:\n${this.stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** Runs drover to the end with `input` on stdin (empty: stdin closed at once, as with `< /dev/null`). */
export function runCli(args: string[], env: Record<string, string>, input = ''): Promise<CliResult> {
  const cli = new CliProcess(args, env);
  cli.write(input);
  cli.end();
  return cli.exited;
}
