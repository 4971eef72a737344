// Structured logs (pino, JSON lines). Credentials never reach a log line: headers that carry them and any field
// named like a token are censored wherever they appear.
import pino, { type Logger } from 'pino';

const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-drover-rancher-token"]',
  'req.headers["sec-websocket-protocol"]',
  'headers.authorization',
  'headers.cookie',
  'headers["X-Drover-Rancher-Token"]',
  'headers.Authorization',
  '*.token',
  '*.rancherToken',
  '*.password',
  'token',
  'rancherToken',
];

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'drover-backend' }, redact: { paths: REDACT, censor: '[redacted]' } });
}
