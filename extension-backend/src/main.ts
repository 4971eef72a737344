// Entry point: configuration → services → HTTP/WebSocket API → graceful shutdown (running turns are stopped and
// saved before the process exits).
import { buildApp } from './app';
import { loadConfig } from './config';
import { createLogger } from './observability/logger';
import { createServices } from './services';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const services = createServices(config, log);
  const app = await buildApp(services);
  await app.listen({ host: config.http.host, port: config.http.port });
  const { port } = app.server.address() as { port: number };
  log.info(
    { port, host: config.http.host, auth: config.auth.mode, model: config.ollama.model, ollama: config.ollama.url },
    'drover-backend listening',
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    void services
      .close()
      .then(() => app.close())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: Error) => {
  process.stderr.write(`drover-backend: ${err.message}\n`);
  process.exit(1);
});
