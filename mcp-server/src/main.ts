// Entry point: configuration → runtime → transport (HTTP or stdio) → graceful shutdown.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadConfig } from './config';
import { listen } from './http';
import { identityForStdio } from './identity';
import { createRuntime } from './runtime-factory';
import { buildServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const rt = createRuntime(config);
  if (config.transport === 'stdio') {
    const server = buildServer(rt, identityForStdio(config));
    await server.connect(new StdioServerTransport());
    rt.log.info({ mode: config.mode }, 'drover-mcp serving on stdio');
    return;
  }
  const http = await listen(rt);
  rt.log.info({ port: http.port, host: config.http.host, mode: config.mode, identity: config.identity.mode }, 'drover-mcp listening');
  const shutdown = (signal: string) => {
    rt.log.info({ signal }, 'shutting down');
    void http.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: Error) => {
  process.stderr.write(`drover-mcp: ${err.message}\n`);
  process.exit(1);
});
