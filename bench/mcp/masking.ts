// Throughput of secret masking (mcp-server/src/policy/redact.ts) on 1 MiB of text built to make backtracking rules
// blow up (the shapes the masking tests use) and on a realistic log. Masking must stay linear: 1 MiB well under
// 50 ms in every shape. Prints, asserts nothing. Alone, from the repository root:
//   tests/node_modules/.bin/tsx bench/mcp/masking.ts
import { adversarialTexts } from '../../mcp-server/test/fuzz/hostile-values';
import { maskError, maskText } from '../../mcp-server/src/policy/redact';

const MIB = 1024 * 1024;
const ROUNDS = 5;

function realisticLog(): string {
  const lines = [
    '10.0.3.7 - - [04/Dec/2026:16:21:25 +0000] "GET /api/products?page=2 HTTP/1.1" 200 1532 "-" "kube-probe/1.33"',
    '2026-12-04T16:21:25.311Z INFO  checkout.service order=8123 user=ada total=42.10 currency=EUR took=12ms',
    '2026-12-04T16:21:25.402Z WARN  db.pool connection to postgres://shop:s3cr3t-pw@db:5432/shop slow (512ms)',
    '2026-12-04T16:21:25.517Z DEBUG auth token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXZhbHVl accepted',
    '{"level":"info","msg":"config loaded","env":[{"name":"DB_PASSWORD","value":"hunter2"},{"name":"LOG","value":"info"}]}',
  ].join('\n');
  return `${lines}\n`.repeat(Math.ceil(MIB / (lines.length + 1))).slice(0, MIB);
}

/** The fastest of a few rounds, in milliseconds. */
function best(f: () => unknown): number {
  let fastest = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    const started = process.hrtime.bigint();
    f();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return fastest;
}

export async function benchMasking(): Promise<void> {
  const { benign, secretShaped } = adversarialTexts(MIB);
  const shapes = { ...benign, ...secretShaped, 'realistic log': realisticLog() };
  console.log(`masking: best of ${ROUNDS} rounds (target: 1 MiB < 50 ms)`);
  for (const [shape, text] of Object.entries(shapes)) {
    for (const [name, mask] of [['maskText', maskText], ['maskError', maskError]] as const) {
      const ms = best(() => mask(text));
      console.log(`masking: 1 MiB of ${shape} in ${ms.toFixed(1)} ms (${(1 / (ms / 1000)).toFixed(0)} MiB/s, ${name})`);
    }
  }
}

if (require.main === module) void benchMasking();
