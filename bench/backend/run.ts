// Benchmark of the extension backend as built, between WebSocket clients and the scripted Ollama server (in this
// process, streaming one chunk every --chunk-ms), with the built MCP server on the local control plane. Prints:
//   1. added latency from a model chunk to the client's token event, p50/p99/max (one session, then many)
//   2. many concurrent sessions × turns, in three shapes (answers; answers alternating with /get turns; the model
//      calling k8s_get, see load.ts): errors, lost events (seq gaps, tokens lost, repeated or out of order), the
//      backend's peak RSS, throughput, and where the time went (CPU, waiting for a CPU, event-loop stalls, GC)
// Asserts nothing: a missed target is marked MISSED; the exit code is non-zero only when the bench could not run.
//   npm run bench:backend -- [--sessions 200] [--turns 10] [--latency-sessions 20] [--chunk-ms 20]
//                            [--backend-node-flags='--max-semi-space-size=16'] (instead of BACKEND_NODE_FLAGS)
import { parseArgs } from 'node:util';
import type { Tally } from './checks';
import { tokenLatency, type LatencyOptions } from './latency';
import { concurrentLoad, type LoadOptions } from './load';
import { rssMiB } from './proc';
import { errorsOf, latencyRows, loadRows, printTable, type Row } from './report';
import { MODEL, RAISED_LIMITS, startBenchStack, type BenchStack } from './stack';
import { BACKEND_NODE_FLAGS } from '../../toolchain/services';

const SHAPES: { name: LoadOptions['shape']; label: string; prefix: string }[] = [
  { name: 'answer', label: 'answers', prefix: 'a' },
  { name: 'command', label: 'answers | /get', prefix: 'c' },
  { name: 'model', label: 'model k8s_get', prefix: 'm' },
];

/** Replies a failed phase left queued would shift the next phase's script: take them off by asking for them. */
async function drain(stack: BenchStack): Promise<void> {
  while (stack.ollama.pending() > 0) {
    await fetch(`${stack.ollama.url}/api/chat`, { method: 'POST', body: JSON.stringify({ model: MODEL, stream: false, messages: [] }) })
      .then((res) => res.arrayBuffer());
  }
  // The fake keeps every request body it received; the bench never reads them back.
  stack.ollama.requests.splice(0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sessions: { type: 'string', default: '200' }, turns: { type: 'string', default: '10' },
      'answer-tokens': { type: 'string', default: '10' }, 'latency-sessions': { type: 'string', default: '20' },
      'latency-turns': { type: 'string', default: '3' }, 'latency-tokens': { type: 'string', default: '50' },
      'chunk-ms': { type: 'string', default: '20' }, users: { type: 'string', default: '4' },
      'backend-node-flags': { type: 'string' },
    },
  });
  const chunkDelayMs = Number(values['chunk-ms']);
  const latency = (sessions: number): LatencyOptions => ({
    sessions, turns: Number(values['latency-turns']), tokens: Number(values['latency-tokens']), chunkDelayMs,
  });
  const load = (shape: LoadOptions['shape']): LoadOptions => ({
    sessions: Number(values.sessions), turns: Number(values.turns), tokens: Number(values['answer-tokens']), chunkDelayMs, shape,
  });

  const nodeFlags = values['backend-node-flags']?.split(/\s+/).filter(Boolean) ?? BACKEND_NODE_FLAGS;
  const stack = await startBenchStack(Number(values.users), nodeFlags);
  const rows: Row[] = [];
  try {
    console.log(`backend pid ${stack.backendPid} (node ${nodeFlags.join(' ') || 'without flags'}), MCP server pid ${stack.mcpPid}; logs in ${stack.dir}`);
    console.log(`${stack.users.length} static-token users; rate limits raised for the bench: ${Object.entries(RAISED_LIMITS).map(([k, v]) => `${k}=${v}`).join(', ')}`);
    console.log(`the scripted model streams one chunk every ${chunkDelayMs} ms; k8s_get lists the ${stack.namespace} ConfigMaps`);

    const warm = await concurrentLoad(stack, { sessions: stack.users.length, turns: 2, tokens: 20, chunkDelayMs, shape: 'model' }, 'w');
    await drain(stack);
    console.log(`warm-up: ${warm.tally.answered} turns answered, ${errorsOf(warm.tally)} errors; backend RSS ${rssMiB(stack.backendPid).toFixed(0)} MiB`);

    const phase = async <T extends { tally: Tally }>(label: string, run: () => Promise<T>, toRows: (result: T) => Row[]) => {
      console.log(`running ${label}…`);
      const result = await run();
      await drain(stack);
      const found = toRows(result);
      rows.push(...found);
      console.log(`  ${found[0][1]}`);
      for (const problem of result.tally.problems) console.log(`  problem: ${problem}`);
    };
    await phase('latency, 1 session', () => tokenLatency(stack, latency(1), 's'), (r) => latencyRows('1 session', r, false));
    const many = latency(Number(values['latency-sessions']));
    const manyLabel = `${many.sessions} sessions at once`;
    await phase(`latency, ${manyLabel}`, () => tokenLatency(stack, many, 'l'), (r) => latencyRows(manyLabel, r, true));
    for (const shape of SHAPES) {
      const options = load(shape.name);
      const label = `${options.sessions}×${options.turns} ${shape.label}`;
      await phase(`${label} (${options.tokens} tokens an answer)`, () => concurrentLoad(stack, options, shape.prefix),
        (r) => loadRows(label, options, r));
    }
    printTable(rows);
  } finally {
    await stack.stop();
  }
}

main().catch((err: Error) => {
  console.error(`the bench could not run: ${err.stack ?? err.message}`);
  process.exit(1);
});
