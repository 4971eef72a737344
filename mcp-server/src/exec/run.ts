// The only module that starts child processes. Everything kubectl or helm does goes through run(): an argv array
// (never a shell), a complete environment chosen by the caller, a deadline, byte caps and cancellation.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

// Children run in their own process group (so a deadline stops all they start), which also means they would
// survive this server if it were killed outright: setpriv makes the kernel kill each one when the server dies.
const SETPRIV = '/usr/bin/setpriv';
const parentDeathWrapper = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig=KILL', '--'] : [];

const DEFAULT_KILL_GRACE_MS = 2_000;
const DEFAULT_MAX_STDERR_BYTES = 64 * 1024;

export interface RunRequest {
  /** Absolute path of the program. */
  file: string;
  args: readonly string[];
  /** The child's whole environment: nothing is inherited from this process. */
  env: Readonly<Record<string, string>>;
  cwd?: string;
  stdin?: string;
  timeoutMs: number;
  /** Bytes of stdout kept; when exceeded the child is stopped and the result marked truncated. */
  maxStdoutBytes: number;
  maxStderrBytes?: number;
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL. */
  killGraceMs?: number;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Bytes of stdout received (including any beyond the cap). */
  stdoutBytes: number;
  truncated: boolean;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
}

export class SpawnError extends Error {}

/** Keeps the first `max` bytes of a stream as text, without splitting a UTF-8 character. */
class CappedText {
  private readonly decoder = new StringDecoder('utf8');
  private text = '';
  private kept = 0;
  bytes = 0;
  overflowed = false;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.overflowed) return;
    const room = this.max - this.kept;
    if (chunk.length > room) {
      this.overflowed = true;
      chunk = chunk.subarray(0, room);
    }
    this.kept += chunk.length;
    this.text += this.decoder.write(chunk);
  }

  value(): string {
    // A character cut at the cap is dropped rather than shown as a replacement character.
    return this.overflowed ? this.text : this.text + this.decoder.end();
  }
}

export function run(req: RunRequest): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    if (req.signal?.aborted) {
      resolve({
        exitCode: null,
        signal: null,
        stdout: '',
        stderr: '',
        stdoutBytes: 0,
        truncated: false,
        timedOut: false,
        cancelled: true,
        durationMs: 0,
      });
      return;
    }
    // Its own process group, so a timeout also stops anything the tool started (e.g. kubectl credential plugins).
    try {
      accessSync(req.file, constants.X_OK); // through the wrapper, a missing program would only be an exit code
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      reject(new SpawnError(code === 'ENOENT' ? `${req.file} is not installed` : `cannot run ${req.file}: ${(err as Error).message}`));
      return;
    }
    const [program, ...args] = [...parentDeathWrapper, req.file, ...req.args];
    const child = spawn(program, args, {
      cwd: req.cwd,
      env: { ...req.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      shell: false,
    });
    const stdout = new CappedText(req.maxStdoutBytes);
    const stderr = new CappedText(req.maxStderrBytes ?? DEFAULT_MAX_STDERR_BYTES);
    let timedOut = false;
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;

    const stop = () => {
      if (killTimer || child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), req.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
    };
    const deadline = setTimeout(() => {
      timedOut = true;
      stop();
    }, req.timeoutMs);
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      if (stdout.overflowed) stop();
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => undefined); // the child may exit without reading its input
    child.stdin.end(req.stdin ?? '');

    const cleanup = () => {
      clearTimeout(deadline);
      clearTimeout(killTimer);
      req.signal?.removeEventListener('abort', onAbort);
    };
    child.once('error', (err: NodeJS.ErrnoException) => {
      cleanup();
      reject(new SpawnError(err.code === 'ENOENT' ? `${req.file} is not installed` : `cannot run ${req.file}: ${err.message}`));
    });
    child.once('close', (exitCode, signal) => {
      cleanup();
      resolve({
        exitCode,
        signal,
        stdout: stdout.value(),
        stderr: stderr.value(),
        stdoutBytes: stdout.bytes,
        truncated: stdout.overflowed,
        timedOut,
        cancelled,
        durationMs: Date.now() - started,
      });
    });
  });
}

function signalGroup(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, sig);
  } catch {
    // Already gone.
  }
}
