// Benchmark of the chat panel in Chromium (Debian's, from the pinned toolchain), on the built bundle served as the
// backend serves its chat page, fed by a scripted backend (page-server.ts). Prints:
//   1. a 1,000-row table result and a 10,000-line logs result: from the event arriving (the page's WebSocket
//      message) to painted, cold (renderer chunk not yet loaded) and warm (median of the repeats)
//   2. a streamed token: arrival to painted, p50 / p99 / max
//   3. a 200-turn conversation: JS heap after a full GC, DOM nodes, time to render it
//   4. the bundle: the main file every dashboard page loads, and each chunk, raw and gzipped
// Asserts nothing: a missed target is marked MISSED.
//   npm run bench:ui -- [--repeats 5] [--tokens 300] [--turns 200]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { ensureUiBundle } from '../../toolchain/services';
import { launchBrowser } from '../../tests/browser/chromium';
import { ms, percentile, spread } from '../backend/stats';
import { printTable, type Row } from '../backend/report';
import { EventSource, logsView, podsTable } from './events';
import { startPageServer, type PageServer, type PageSocket } from './page-server';

const PAINT_TARGET_MS = 200;
const TOKEN_P99_TARGET_MS = 16;
const MAIN_BUNDLE_TARGET_BYTES = 50 * 1024;

/**
 * Runs before the page's own scripts: stamps each WebSocket message with its arrival time, by seq, before the app's
 * handler sees it; and offers a wait for a DOM condition that resolves after the next paint.
 */
const INSTRUMENT = `(() => {
  const arrivals = new Map();
  window.__arrivals = arrivals;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (e) => {
        try { const m = JSON.parse(e.data); if (m.seq !== undefined) arrivals.set(m.seq, performance.now()); } catch {}
      });
    }
  };
  window.__armPaint = (check) => {
    window.__painted = new Promise((resolve) => {
      const painted = () => {
        const dom = performance.now();
        requestAnimationFrame(() => setTimeout(() => resolve({ dom, painted: performance.now() }), 0));
      };
      if (check()) return painted();
      const observer = new MutationObserver(() => { if (check()) { observer.disconnect(); painted(); } });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  };
})();`;

/** From an event's arrival: to the DOM showing it, and to the frame that shows it having been painted. */
interface Timing {
  dom: number;
  painted: number;
}

/**
 * Arms a wait for `count` elements matching `selector` inside the last turn (or one holding `text`), sends, and
 * times the arrival to the DOM and to the paint. Page-side code is a string: this package is compiled without the DOM's types.
 */
async function timeToPaint(page: Page, socket: PageSocket, send: () => { seq: number; events: Parameters<PageSocket['send']>[0] },
                           selector: string, count = 1, text?: string): Promise<Timing> {
  await page.evaluate(`window.__armPaint(() => {
    const turns = document.querySelectorAll('[data-testid="drover-turn"]');
    const last = turns[turns.length - 1];
    if (!last) return false;
    const text = ${ JSON.stringify(text ?? null) };
    if (text !== null) return (last.querySelector(${ JSON.stringify(selector) })?.textContent ?? '').includes(text);
    return last.querySelectorAll(${ JSON.stringify(selector) }).length >= ${ count };
  })`);
  const { seq, events } = send();
  socket.send(events);
  return page.evaluate(`window.__painted.then(({ dom, painted }) => {
    const arrived = window.__arrivals.get(${ seq });
    return { dom: dom - arrived, painted: painted - arrived };
  })`) as Promise<Timing>;
}

async function resultPaints(page: Page, socket: PageSocket, source: EventSource, tool: string, view: Parameters<EventSource['result']>[2],
                            selector: string, repeats: number): Promise<number[]> {
  const times: number[] = [];
  // Big results are judged on the paint: their layout and painting are most of the cost.
  for (let i = 0; i <= repeats; i++) {
    const turn = source.turnWithCall(tool, `bench ${ tool } ${ i }`);
    const turns = await page.evaluate('document.querySelectorAll(\'[data-testid="drover-turn"]\').length') as number;
    socket.send(turn.events);
    // The wait is armed on the new turn, once it shows (else the previous turn's rows would satisfy it at once).
    await page.waitForFunction(`document.querySelectorAll('[data-testid="drover-turn"]').length > ${ turns }`);
    times.push((await timeToPaint(page, socket, () => {
      const event = source.result(turn.turnId, tool, view);
      return { seq: event.seq, events: [event] };
    }, selector)).painted);
    socket.send([source.end(turn.turnId)]);
  }
  return times;
}

async function tokenPaints(page: Page, socket: PageSocket, source: EventSource, tokens: number): Promise<Timing[]> {
  const turn = source.turnWithCall('k8s_get', 'bench streaming');
  socket.send([...turn.events, source.result(turn.turnId, 'k8s_get', podsTable(5))]);
  const times: Timing[] = [];
  for (let i = 0; i < tokens; i++) {
    const marker = `tk${ i }`;
    times.push(await timeToPaint(page, socket, () => {
      const event = source.token(turn.turnId, `${ i % 25 === 24 ? '\n\n' : '' }${ marker } `);
      return { seq: event.seq, events: [event] };
    }, '[data-testid="drover-turn-reply"]', 1, marker));
  }
  socket.send([source.end(turn.turnId)]);
  return times;
}

/** A fresh page, then a whole conversation at once (as when history is replayed): heap, DOM size, time to render. */
async function longConversation(page: Page, server: PageServer, turns: number): Promise<Row[]> {
  const connected = server.nextSocket();
  await page.reload();
  const fresh = await connected;
  const source = new EventSource();
  fresh.send([source.session()]);
  const started = Date.now();
  for (let t = 0; t < turns; t++) {
    const turn = source.turnWithCall('k8s_get', `question ${ t }: which pods are failing in bench?`);
    const words = Array.from({ length: 60 }, (_, k) => source.token(turn.turnId, `word${ k } `));
    fresh.send([...turn.events, source.result(turn.turnId, 'k8s_get', podsTable(10)), ...words, source.end(turn.turnId)]);
  }
  await page.waitForFunction(`document.querySelectorAll('[data-testid="drover-turn-footer"]').length >= ${ turns }`, undefined, { timeout: 120_000 });
  const renderMs = Date.now() - started;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage') as { usedSize: number };
  const nodes = await page.evaluate('document.getElementsByTagName("*").length') as number;
  return [
    [`${ turns }-turn conversation: JS heap after GC`, `${ (heap.usedSize / 1024 / 1024).toFixed(1) } MiB`, '', ''],
    [`${ turns }-turn conversation: DOM elements; received to all rendered`, `${ nodes }; ${ (renderMs / 1000).toFixed(1) } s`, '', ''],
  ];
}

function bundleRows(bundleDir: string): Row[] {
  const files = readdirSync(bundleDir).filter((f) => f.endsWith('.js')).sort();
  return files.map((file) => {
    const raw = statSync(join(bundleDir, file)).size;
    const gzip = gzipSync(readFileSync(join(bundleDir, file))).length;
    const main = !/\.umd\.min\.[^.]+\.js$/.test(file);
    const label = main ? 'main bundle (every dashboard page)' : `chunk ${ file.replace(/^.*\.umd\.min\./, '') }`;
    return [label, `${ (raw / 1024).toFixed(1) } KiB (${ (gzip / 1024).toFixed(1) } KiB gzipped)`, main ? `≤ ${ MAIN_BUNDLE_TARGET_BYTES / 1024 } KiB` : '',
      main ? (raw <= MAIN_BUNDLE_TARGET_BYTES ? 'ok' : 'MISSED') : ''] as Row;
  });
}

const judged = (met: boolean): Row[3] => (met ? 'ok' : 'MISSED');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { repeats: { type: 'string', default: '5' }, tokens: { type: 'string', default: '300' }, turns: { type: 'string', default: '200' } } });
  const bundleDir = ensureUiBundle();
  const server = await startPageServer(bundleDir);
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(INSTRUMENT);
    const page = await context.newPage();
    const socketPromise = server.nextSocket();
    await page.goto(server.url);
    const socket = await socketPromise;
    const source = new EventSource();
    socket.send([source.session()]);
    const repeats = Number(values.repeats);
    const table = await resultPaints(page, socket, source, 'k8s_get', podsTable(1000), '[data-testid="drover-table-row"]', repeats);
    const logs = await resultPaints(page, socket, source, 'k8s_logs', logsView(10_000), '[data-testid="drover-logs-line"]', repeats);
    const tokens = await tokenPaints(page, socket, source, Number(values.tokens));
    const rows: Row[] = [
      ['1,000-row table: arrival to painted, cold', ms(table[0]), `< ${ PAINT_TARGET_MS } ms`, judged(table[0] < PAINT_TARGET_MS)],
      [`1,000-row table: warm (median of ${ repeats }; max)`, `${ ms(percentile(table.slice(1), 50)) }; ${ ms(Math.max(...table.slice(1))) }`,
        `< ${ PAINT_TARGET_MS } ms`, judged(Math.max(...table.slice(1)) < PAINT_TARGET_MS)],
      ['10,000-line logs: arrival to painted, cold', ms(logs[0]), `< ${ PAINT_TARGET_MS } ms`, judged(logs[0] < PAINT_TARGET_MS)],
      [`10,000-line logs: warm (median of ${ repeats }; max)`, `${ ms(percentile(logs.slice(1), 50)) }; ${ ms(Math.max(...logs.slice(1))) }`,
        `< ${ PAINT_TARGET_MS } ms`, judged(Math.max(...logs.slice(1)) < PAINT_TARGET_MS)],
      [`token: arrival to painted (p50 / p99 / max of ${ tokens.length })`, spread(tokens.map((t) => t.painted)), `p99 < ${ TOKEN_P99_TARGET_MS } ms`,
        judged(percentile(tokens.map((t) => t.painted), 99) < TOKEN_P99_TARGET_MS)],
      ['token: arrival to DOM updated, the UI\'s own work (p50 / p99 / max)', spread(tokens.map((t) => t.dom)), '', ''],
      ...await longConversation(page, server, Number(values.turns)),
      ...bundleRows(bundleDir),
    ];
    printTable(rows);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err: Error) => {
  console.error(`bench:ui failed: ${ err.stack ?? err.message }`);
  process.exit(1);
});
