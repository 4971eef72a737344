// Injection fuzzing: every string field of every tool gets hostile values through a real MCP client. Nothing may
// crash, and no argv that reached kubectl or helm may carry a connection, credential or template flag, a value
// that starts with '-' in a positional slot, or a control character.
import { readFileSync } from 'node:fs';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { applyObjects, deployment, seedShop, waitForDeployments } from '../../../tests/cluster';
import { createRuntime } from '../../src/runtime-factory';
import { allTools } from '../../src/tools';
import { ADMIN, connect, testConfig, textOf, cluster } from '../support/harness';
import { startChartRepo, type ChartRepo } from '../support/chart-repo';
import { FUZZ_NAMESPACE, validArgs } from './tool-fixtures';
import { hostileValues } from './hostile-values';

const VALUES_PER_FIELD = 120;
const CORPUS = hostileValues(2_000);
const CONCURRENCY = 8;
const FORBIDDEN =
  /^--?(kubeconfig|server|s|token|as|as-group|as-uid|context|cluster|user|username|password|certificate-authority|client-certificate|client-key|insecure-skip-tls-verify|tls-server-name|cache-dir|kube-[a-z-]+|repository-config|registry-config|post-renderer|template|plugin-dir)(=|$)/;

/** Top-level fields that hold strings (directly, or as array items), found by walking the zod schema. */
function stringFields(shape: z.ZodRawShape): { key: string; array: boolean }[] {
  const unwrap = (s: z.ZodType): z.ZodType => {
    const def = (s as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } })._zod.def;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault')
      return unwrap(def.innerType!);
    if (def.type === 'pipe') return unwrap(def.in!);
    return s;
  };
  const typeOf = (s: z.ZodType) => (s as unknown as { _zod: { def: { type: string; element?: z.ZodType } } })._zod.def;
  const fields: { key: string; array: boolean }[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    const def = typeOf(unwrap(schema as z.ZodType));
    if (def.type === 'string' || def.type === 'union') fields.push({ key, array: false });
    else if (def.type === 'array' && typeOf(unwrap(def.element!)).type === 'string') fields.push({ key, array: true });
  }
  return fields;
}

async function pool<T>(items: T[], worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await worker(items[next++]);
    }),
  );
}

let repo: ChartRepo;

beforeAll(async () => {
  repo = await startChartRepo(cluster);
  await seedShop(cluster, FUZZ_NAMESPACE);
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [deployment({ name: 'api', namespace: FUZZ_NAMESPACE })]);
  await waitForDeployments(cluster, [FUZZ_NAMESPACE], ['web', 'api']);
});

afterAll(() => repo.close());

describe('injection fuzzing', () => {
  it('has valid arguments for every tool, so no tool escapes the fuzzer', () => {
    expect(allTools.map((t) => t.name).filter((name) => !validArgs[name])).toEqual([]);
    expect(Object.keys(validArgs).filter((name) => !allTools.some((t) => t.name === name))).toEqual([]);
  });

  it('survives hostile values in every string field of every tool, and no forbidden argv reaches a process', async () => {
    // The widest surface: admin mode, exec enabled, a chart repository configured.
    const config = testConfig({
      mode: 'admin',
      policy: { allowExec: true, protectedNamespaces: ['kube-system'], deniedKinds: [] },
      helm: { repositories: [{ name: 'drover-test', url: repo.url, caFile: repo.caFile }] },
    });
    const rt = createRuntime(config);
    const mcp = await connect({ rt, identity: ADMIN });
    const crashes: string[] = [];
    let calls = 0;
    try {
      const cases = allTools.flatMap((tool) =>
        stringFields(tool.input).flatMap(({ key, array }) =>
          CORPUS.slice(0, VALUES_PER_FIELD).map((value) => ({
            tool: tool.name,
            key,
            args: { ...validArgs[tool.name], [key]: array ? [value] : value },
          })),
        ),
      );
      await pool(cases, async ({ tool, key, args }) => {
        calls++;
        let res: CallToolResult;
        try {
          res = await mcp.call(tool, args);
        } catch (err) {
          crashes.push(`${tool}.${key}: transport error ${(err as Error).message.slice(0, 120)}`);
          return;
        }
        if (textOf(res).includes('internal error'))
          crashes.push(`${tool}.${key}=${JSON.stringify(args[key]).slice(0, 60)}: ${textOf(res).slice(0, 120)}`);
      });
    } finally {
      await mcp.close();
    }
    expect(crashes).toEqual([]);

    const argvs = readFileSync(config.audit.file!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .flatMap((e) => e.commands as string[][]);
    const bad = argvs.filter((argv) => {
      const own = argv.indexOf('--') < 0 ? argv : argv.slice(0, argv.indexOf('--'));
      // Tools only ever pass long flags joined to their value: anything else starting with '-' was smuggled in.
      return own.some(
        (a) =>
          FORBIDDEN.test(a) ||
          // eslint-disable-next-line no-control-regex -- looking for smuggled control characters is the point
          /[\u0000-\u001f\u007f]/.test(a) ||
          (a.startsWith('-') && !/^--[a-z][a-z-]*(=|$)/.test(a)) ||
          (/^--output=/.test(a) && !/^--output=(json|yaml|name|wide)$/.test(a)),
      );
    });
    expect(bad).toEqual([]);
    expect(calls).toBeGreaterThan(2_000);
    // The fuzzer must also have reached real processes, not only the schema checks.
    expect(argvs.length).toBeGreaterThan(100);
  }, 900_000);
});
