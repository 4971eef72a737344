// A second MCP server next to Drover's own: its tools are offered under its name as prefix and routed back to it,
// it never sees the user's identity, and its tool without annotations is treated as a write (approval first, with
// no preview to show).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { EventOf, ServerEvent } from '@drover/protocol';
import { z } from 'zod';
import { ChatClient } from '../support/chat-client';
import { startStack, TOKENS, type Stack } from '../support/stack';

const EXTRA_TOKEN = 'extra-server-token-0123456789';
const received: { headers: IncomingHttpHeaders; tool?: string }[] = [];
const restarts: string[] = [];
let extra: Server;
let stack: Stack;

/** A small MCP server (stateless Streamable HTTP): one annotated read, one tool without annotations. */
function buildExtraServer(): McpServer {
  const server = new McpServer({ name: 'extra', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Repeat a text', inputSchema: { text: z.string() }, annotations: { readOnlyHint: true } },
    async ({ text }) => ({ content: [{ type: 'text', text: `echo: ${text}` }] }),
  );
  server.registerTool('restart_thing', { description: 'Restart a thing', inputSchema: { thing: z.string() } }, async ({ thing }) => {
    restarts.push(thing);
    return { content: [{ type: 'text', text: `restarted ${thing}` }] };
  });
  return server;
}

beforeAll(async () => {
  extra = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', async () => {
      const message = body ? JSON.parse(body) : undefined;
      received.push({ headers: req.headers, tool: message?.method === 'tools/call' ? message.params.name : undefined });
      if (req.headers.authorization !== `Bearer ${EXTRA_TOKEN}`) return res.writeHead(401).end();
      if (req.method !== 'POST') return res.writeHead(405).end();
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      await buildExtraServer().connect(transport);
      await transport.handleRequest(req, res, message);
    });
  });
  await new Promise<void>((resolve) => extra.listen(0, '127.0.0.1', resolve));
  const config = join(mkdtempSync(join(tmpdir(), 'drover-extra-mcp-')), 'config.yaml');
  writeFileSync(
    config,
    `mcp:\n  servers:\n    - name: ext\n      url: http://127.0.0.1:${(extra.address() as AddressInfo).port}/mcp\n      token: ${EXTRA_TOKEN}\n`,
  );
  stack = await startStack({ env: { DROVER_CONFIG: config } });
});

afterAll(async () => {
  await stack?.stop();
  extra?.closeAllConnections();
  await new Promise((resolve) => extra?.close(resolve));
});

const of = <T extends ServerEvent['type']>(events: ServerEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);

it("offers the other server's tools under its prefix, beside Drover's own", async () => {
  const reply = await fetch(`${stack.url}/api/tools`, { headers: { Authorization: `Bearer ${TOKENS.viewer}` } });
  const { tools } = (await reply.json()) as { tools: { name: string; readOnly: boolean; server: string }[] };
  expect(tools).toContainEqual(expect.objectContaining({ name: 'ext_echo', readOnly: true, server: 'MCP server ext' }));
  expect(tools).toContainEqual(expect.objectContaining({ name: 'ext_restart_thing', readOnly: false }));
  expect(tools).toContainEqual(expect.objectContaining({ name: 'k8s_get', readOnly: true, server: "Drover's MCP server" }));
});

it("routes a prefixed call to its server, without the user's identity", async () => {
  stack.ollama.script({ toolCalls: [{ name: 'ext_echo', arguments: { text: 'hi' } }] }, { text: 'it said hi' });
  const client = await ChatClient.connect(stack.wsUrl, TOKENS.viewer);
  const events = await client.chat('echo hi');
  expect(of(events, 'tool_result')[0]).toMatchObject({ tool: 'ext_echo', isError: false, summary: 'echo: hi' });
  expect(received.filter((r) => r.tool).map((r) => r.tool)).toEqual(['echo']);
  for (const { headers } of received) {
    expect(Object.keys(headers).filter((h) => h.startsWith('x-drover'))).toEqual([]);
    expect(headers.authorization).toBe(`Bearer ${EXTRA_TOKEN}`);
  }
  client.close();
});

it('treats a tool without annotations as a write: nothing runs until the user approves', async () => {
  stack.ollama.script(
    { toolCalls: [{ name: 'ext_restart_thing', arguments: { thing: 'a' } }] },
    { text: 'denied, ok' },
    { toolCalls: [{ name: 'ext_restart_thing', arguments: { thing: 'b' } }] },
    { text: 'restarted' },
  );
  const client = await ChatClient.connect(stack.wsUrl, TOKENS.viewer);

  let from = client.mark();
  client.send({ type: 'chat', text: 'restart a' });
  const first = await client.waitFor('approval_required', () => true, from);
  expect(first.plan).toEqual({
    command: 'ext_restart_thing {"thing":"a"}',
    warnings: ['no preview: MCP server ext cannot show what this call would change'],
  });
  client.send({ type: 'deny', approvalId: first.approvalId });
  await client.waitFor('turn_end', () => true, from);
  expect(restarts).toEqual([]);

  from = client.mark();
  client.send({ type: 'chat', text: 'restart b', sessionId: client.sessionId });
  const second = await client.waitFor('approval_required', () => true, from);
  client.send({ type: 'approve', approvalId: second.approvalId });
  expect(await client.waitFor('tool_result', () => true, from)).toMatchObject({
    tool: 'ext_restart_thing',
    isError: false,
    summary: 'restarted b',
  });
  expect(restarts).toEqual(['b']);
  client.close();
});
