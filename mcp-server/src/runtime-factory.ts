// Builds the shared Runtime from the configuration: binaries, the server's own credentials, limits, logging.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import pino from 'pino';
import type { Config } from './config';
import { Limiter } from './exec/limiter';
import { Gateway } from './gateway/gateway';
import { loadBaseCredentials } from './kube/kubeconfig';
import { AuditLog } from './observability/audit';
import { Metrics } from './observability/metrics';
import { PlanSigner } from './policy/plans';
import type { Runtime } from './runtime';

/** Finds a binary on PATH (or checks an absolute path) once, at start. */
export function resolveBinary(name: string, path = process.env.PATH ?? ''): string {
  const candidates = isAbsolute(name)
    ? [name]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(`${name} was not found${isAbsolute(name) ? '' : ' on PATH'}; install it or set its path in the configuration`);
}

export function createLogger(config: Config) {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'drover-mcp' },
      // Credentials can only arrive in these headers; they must never be written anywhere.
      redact: {
        paths: ['req.headers.authorization', 'req.headers["x-drover-rancher-token"]', 'req.headers.cookie', '*.token'],
        censor: '<redacted>',
      },
    },
    config.transport === 'stdio' ? pino.destination(2) : pino.destination(1),
  );
}

export function createRuntime(config: Config): Runtime {
  mkdirSync(config.cacheDir, { recursive: true, mode: 0o700 });
  const log = createLogger(config);
  const binaries = { kubectl: resolveBinary(config.binaries.kubectl), helm: resolveBinary(config.binaries.helm) };
  // The server's own credentials stay in the gateway's memory (none in rancher mode: every call brings the user's token).
  const base = config.identity.mode === 'rancher' ? undefined : loadBaseCredentials(config);
  const metrics = new Metrics();
  const gateway = new Gateway(config, base, log, metrics);
  return {
    config,
    binaries,
    gateway,
    limiter: new Limiter(config.limits.maxConcurrent, config.limits.maxQueued),
    plans: new PlanSigner(config.plans.ttlSeconds),
    discovery: gateway.discovery,
    log,
    metrics,
    audit: new AuditLog(log, config.audit.file),
  };
}
