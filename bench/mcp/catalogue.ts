// What the model pays for the tools. For each server mode (read-only, read-write, admin, and read-write with every
// optional tool: exec and a chart repository) and identity mode (impersonate, rancher), starts the real MCP server
// (dist/main.js) and prints:
//   - tools/list as the server returns it (JSON bytes)
//   - the catalogue the model is sent: the backend's own ToolRouter (its schema trimming), the agent's
//     toolDefinition, and the backend's Ollama provider, whose /api/chat body is captured by the scripted Ollama
//     server; its `tools` array in bytes and tokens, beside the system prompt's tokens and the default context
// and, for the read-write server, each tool's share, and what relevance grouping (the agent's offerTools) offers
// for sample questions: the catalogue's tokens plus the system prompt's note naming the tools held back.
// Listing tools reaches neither Kubernetes nor Rancher: both URLs point at a local listener that counts what arrives.
// Tokens are counted with a real BPE tokenizer (gpt-tokenizer's o200k_base, GPT-4o's); a local model's own
// tokenizer (qwen3, llama3) counts within some percent of it. Asserts nothing. Usage: npm run bench:mcp-catalogue
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ChatContext } from '@drover/protocol';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { startFakeOllama, type FakeOllama } from '../../tests/ollama-fake/server';
import { systemPrompt } from '../../extension-backend/src/agent/system-prompt';
import { hoistSharedArguments } from '../../extension-backend/src/agent/shared-arguments';
import { offerTools, toolDefinition } from '../../extension-backend/src/agent/tool-groups';
import type { UserIdentity } from '../../extension-backend/src/identity/types';
import { createOllamaProvider } from '../../extension-backend/src/llm/ollama';
import type { ToolDefinition } from '../../extension-backend/src/llm/provider';
import { ToolRouter, type RoutedTool } from '../../extension-backend/src/mcp/tool-router';
import { createLogger } from '../../extension-backend/src/observability/logger';
import { launchServer, TOKEN, type McpServer } from './common';

const TOKENIZER = 'o200k_base (gpt-tokenizer)';
const MODEL = 'qwen3:8b';
/** The backend's default num_ctx (config.ts). */
const DEFAULT_NUM_CTX = 16_384;
const USER = 'viewer';
const RANCHER_TOKEN = 'token-bench:not-a-real-secret';

interface Setup {
  label: string;
  /** The server's configuration file (YAML). */
  config: string;
}

const SETUPS: Setup[] = [
  { label: 'read-only', config: 'mode: read-only' },
  { label: 'read-write', config: 'mode: read-write' },
  { label: 'admin', config: 'mode: admin' },
  {
    label: 'read-write, exec, chart repository',
    config: 'mode: read-write\npolicy: { allowExec: true }\nhelm: { repositories: [{ name: charts, url: "https://charts.example.com/" }] }',
  },
];

type IdentityMode = 'impersonate' | 'rancher';

const HELM_RELEASE: ChatContext = { resources: [{ kind: 'HelmRelease', name: 'shop', namespace: 'shop' }] };
const QUESTIONS: { text: string; context?: ChatContext }[] = [
  { text: 'why are my pods crash-looping in shop?' },
  { text: 'show me the logs of the api pod' },
  { text: 'scale web to 3 replicas' },
  { text: 'the helm release shop failed to upgrade: why?' },
  { text: 'why is this failing?', context: HELM_RELEASE },
  { text: 'can I delete pods in shop?' },
  { text: 'who can read secrets in shop? check the RBAC' },
  { text: 'is a network policy blocking traffic from frontend to backend?' },
  { text: 'which pods use the most memory?' },
  { text: 'what does spec.strategy mean on a Deployment?' },
];

const bytes = (text: string) => Buffer.byteLength(text);
const size = (text: string) => `${bytes(text).toLocaleString('en')} B, ${countTokens(text).toLocaleString('en')} tok`;

/** Counts every request that reaches "Kubernetes" or "Rancher" (none should: listing tools needs neither). */
async function countingListener(): Promise<{ server: Server; url: string; count(): number }> {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: () => requests };
}

function identityFlags(mode: IdentityMode, dir: string, upstream: string): string[] {
  if (mode === 'rancher') return ['--identity-mode=rancher', `--rancher-url=${upstream}`];
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'bench', cluster: { server: upstream } }],
      users: [{ name: 'bench', user: { token: 'bench-not-a-real-token' } }],
      contexts: [{ name: 'bench', context: { cluster: 'bench', user: 'bench' } }],
      'current-context': 'bench',
    }),
  );
  return ['--identity-mode=impersonate', `--kubeconfig=${kubeconfig}`];
}

function identityOf(mode: IdentityMode): UserIdentity {
  return mode === 'rancher'
    ? { id: 'u-bench', name: USER, groups: [], mode: 'rancher', rancherToken: RANCHER_TOKEN }
    : { id: USER, name: USER, groups: [], mode: 'standalone' };
}

/** tools/list as the server answers it, through a plain MCP client. */
async function rawToolsList(port: number, mode: IdentityMode): Promise<string> {
  const identity: Record<string, string> =
    mode === 'rancher' ? { 'X-Drover-User': 'u-bench', 'X-Drover-Rancher-Token': RANCHER_TOKEN, 'X-Drover-Cluster': 'local' } : {};
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${TOKEN}`, 'X-Drover-User': USER, ...identity } },
    }),
  );
  try {
    return JSON.stringify(await client.listTools());
  } finally {
    await client.close();
  }
}

/** The `tools` of the /api/chat body the backend's Ollama provider sends for these definitions. */
async function wireTools(ollama: FakeOllama, tools: ToolDefinition[]): Promise<Record<string, unknown>[]> {
  const provider = createOllamaProvider({ url: ollama.url, keepAlive: '30m', firstByteTimeoutMs: 10_000, idleTimeoutMs: 10_000 });
  ollama.script({ text: 'ok' });
  const handlers = { onToken: () => undefined, onThinking: () => undefined };
  await provider.chat({ model: MODEL, messages: [{ role: 'user', content: '?' }], tools, numCtx: DEFAULT_NUM_CTX }, handlers, AbortSignal.timeout(10_000));
  return ollama.chatRequests().at(-1)!.body.tools as Record<string, unknown>[];
}

interface Measured {
  raw: string;
  /** The toolbox the backend built, and its catalogue as sent to Ollama. */
  tools: RoutedTool[];
  wire: Record<string, unknown>[];
  /** The system prompt's paragraph on the arguments many tools share (their descriptions left the schemas). */
  sharedNote: string;
  upstreamRequests: number;
}

async function measure(setup: Setup, mode: IdentityMode, ollama: FakeOllama): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-catalogue-'));
  const upstream = await countingListener();
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, `${setup.config}\n`);
  let server: McpServer | undefined;
  let router: ToolRouter | undefined;
  try {
    server = await launchServer([`--config=${configFile}`, ...identityFlags(mode, dir, upstream.url)]);
    const raw = await rawToolsList(server.port, mode);
    const spec = { prefix: '', label: "Drover's MCP server", url: `http://127.0.0.1:${server.port}/mcp`, token: TOKEN, isDrover: true };
    router = new ToolRouter([spec], 10_000, createLogger('silent'));
    const toolbox = await router.toolbox(identityOf(mode), 'local', AbortSignal.timeout(10_000));
    const catalogue = hoistSharedArguments(toolbox.tools.map(toolDefinition));
    const wire = await wireTools(ollama, catalogue.tools);
    return { raw, tools: toolbox.tools, wire, sharedNote: catalogue.note ?? '', upstreamRequests: upstream.count() };
  } finally {
    router?.close();
    server?.child.kill('SIGTERM');
    upstream.server.close();
  }
}

function printPerTool(wire: Record<string, unknown>[]): void {
  const rows = wire
    .map((tool) => {
      const text = JSON.stringify(tool);
      return { name: (tool.function as { name: string }).name, bytes: bytes(text), tokens: countTokens(text) };
    })
    .sort((a, b) => b.tokens - a.tokens);
  const total = rows.reduce((n, r) => n + r.tokens, 0);
  for (const row of rows) {
    console.log(
      `   ${row.name.padEnd(22)} ${String(row.tokens).padStart(5)} tok ${String(row.bytes).padStart(6)} B  ${((100 * row.tokens) / total).toFixed(0).padStart(3)}%`,
    );
  }
}

/** Per sample question: what offerTools gives the model, against the whole catalogue. */
async function printGrouped(tools: RoutedTool[], full: number, system: string, ollama: FakeOllama): Promise<void> {
  for (const question of QUESTIONS) {
    const offer = offerTools(system, tools, [{ role: 'user', content: question.text }], question.context);
    const catalogue = countTokens(JSON.stringify(await wireTools(ollama, offer.tools)));
    const note = countTokens(offer.system) - countTokens(system);
    const total = catalogue + note;
    const label = question.context ? `${question.text} [viewing HelmRelease shop]` : question.text;
    console.log(`   ${label.padEnd(64)} ${String(offer.tools.length).padStart(2)} tools ${String(catalogue).padStart(5)} tok`
      + ` + note ${String(note).padStart(3)} = ${String(total).padStart(5)} tok (${((100 * total) / full).toFixed(0).padStart(3)}% of all)`);
  }
}

async function main(): Promise<void> {
  const ollama = await startFakeOllama({ models: [MODEL] });
  const system = systemPrompt({ cluster: 'local', namespace: 'default' }, 'local');
  console.log(`Tokens: ${TOKENIZER}. The default context (num_ctx) is ${DEFAULT_NUM_CTX.toLocaleString('en')} tokens;`
    + ` the system prompt takes ${countTokens(system).toLocaleString('en')} of it.`);
  console.log('\n1. tools/list (the server\'s JSON) and the catalogue the model is sent (/api/chat `tools`), per mode and identity:');
  const readWrite = new Map<IdentityMode, Measured>();
  try {
    for (const setup of SETUPS) {
      for (const mode of ['impersonate', 'rancher'] as const) {
        const measured = await measure(setup, mode, ollama);
        const catalogue = JSON.stringify(measured.wire);
        const note = countTokens(measured.sharedNote);
        const total = countTokens(catalogue) + note;
        const share = ((100 * total) / DEFAULT_NUM_CTX).toFixed(0);
        console.log(`   ${`${setup.label}, ${mode}`.padEnd(50)} ${String(measured.wire.length).padStart(2)} tools  tools/list ${size(measured.raw)};`
          + ` model catalogue ${size(catalogue)} + shared-arguments note ${note} tok = ${total.toLocaleString('en')} tok (${share}% of num_ctx);`
          + ` Kubernetes/Rancher requests: ${measured.upstreamRequests}`);
        if (setup.label === 'read-write') readWrite.set(mode, measured);
      }
    }
    for (const [mode, measured] of readWrite) {
      console.log(`\n2. Each tool of the read-write catalogue (${mode}), most expensive first:`);
      printPerTool(measured.wire);
    }
    for (const [mode, measured] of readWrite) {
      console.log(`\n3. Offered by relevance (read-write, ${mode}), one sample question each, as a new session:`);
      const full = countTokens(JSON.stringify(measured.wire)) + countTokens(measured.sharedNote);
      await printGrouped(measured.tools, full, system, ollama);
    }
  } finally {
    await ollama.close();
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
