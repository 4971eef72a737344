// One JSON line per tool call — who, where, what ran, what it touched, how it ended — to stdout (through the
// logger) and, when configured, to an append-only file. The argv holds no credentials (they live in the gateway);
// patch bodies are replaced by their size and other values masked (kube/invoke.ts).
import { appendFileSync } from 'node:fs';
import type { Logger } from 'pino';

export interface AuditEntry {
  time: string;
  user: string;
  groups?: string[];
  cluster: string;
  tool: string;
  phase: 'read' | 'plan' | 'execute';
  /** Each process the call started, as its argv (tool arguments only: connection flags are not tool input). */
  commands: string[][];
  actions: { verb: string; kind: string; namespace?: string; name?: string }[];
  /** Requests the gateway refused during the call, each with the rule that refused it. */
  refused?: string[];
  result: 'ok' | 'error' | 'denied' | 'cancelled' | 'declined';
  error?: string;
  durationMs: number;
  bytes: number;
  truncated: boolean;
}

export class AuditLog {
  constructor(
    private readonly log: Logger,
    private readonly file?: string,
  ) {}

  write(entry: AuditEntry): void {
    this.log.info({ audit: entry }, 'audit');
    if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`, { flag: 'a', mode: 0o600 });
  }
}
