// Injection fuzzing: every string field of every tool gets hostile values through a real MCP client, each tool in a
// server that offers it (standalone, and Rancher mode for the Rancher tools and every tool's `cluster`). Nothing may
// crash, no argv that reached kubectl or helm may carry a connection, credential or template flag, a value that
// starts with '-' in a positional slot, or a control character, and every request that reached Rancher names, as
// the cluster, exactly a value a call passed and that is a cluster id, with nothing after it that leads elsewhere.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { applyObjects, deployment, seedShop, waitForDeployments } from '../../../tests/cluster';
import { testRancher } from '../../../tests/cluster/state';
import { tapRancher, type RancherTap } from '../../../tests/rancher/tap';
import { allTools } from '../../src/tools';
import { auditOf, connect, textOf, cluster } from '../support/harness';
import { startChartRepo, type ChartRepo } from '../support/chart-repo';
import { FUZZ_NAMESPACE, validArgs } from './tool-fixtures';
import { hostileValues } from './hostile-values';
import { offeredArguments, surfaceIdentity, SURFACES, widestConfig } from './surfaces';

const VALUES_PER_FIELD = 120;
const CORPUS = hostileValues(2_000);
const CONCURRENCY = 8;
const FORBIDDEN =
  /^--?(kubeconfig|server|s|token|as|as-group|as-uid|context|cluster|user|username|password|certificate-authority|client-certificate|client-key|insecure-skip-tls-verify|tls-server-name|cache-dir|kube-[a-z-]+|repository-config|registry-config|post-renderer|template|plugin-dir)(=|$)/;

/** Whether an argument holds a string (directly, or as array items), found by walking its zod schema. */
function holdsStrings(schema: z.ZodType): 'string' | 'array' | undefined {
  const unwrap = (s: z.ZodType): z.ZodType => {
    const def = (s as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } })._zod.def;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault')
      return unwrap(def.innerType!);
    if (def.type === 'pipe') return unwrap(def.in!);
    return s;
  };
  const typeOf = (s: z.ZodType) => (s as unknown as { _zod: { def: { type: string; element?: z.ZodType } } })._zod.def;
  const def = typeOf(unwrap(schema));
  if (def.type === 'string' || def.type === 'union') return 'string';
  if (def.type === 'array' && typeOf(unwrap(def.element!)).type === 'string') return 'array';
  return undefined;
}

/** A path segment that names a cluster, checked here on its own terms (a DNS-1123 label), not by the server's rule. */
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * What of a request that reached Rancher is wrong, if anything: only Rancher's cluster and project reads and a
 * cluster's proxy are asked, the cluster is a label a call passed, and nothing after it leads to another place.
 */
function wrongRancherRequest(target: string, passed: Set<unknown>): string | undefined {
  const steve = /^\/v1\/management\.cattle\.io\.(?:clusters|projects)\/([^/?#]*)$/.exec(target);
  const proxy = /^\/k8s\/clusters\/([^/?#]*)(\/[^?#]*)(\?[^#]*)?$/.exec(target);
  const id = steve?.[1] ?? proxy?.[1];
  if (id === undefined) return 'not a read Drover makes';
  if (!LABEL.test(id) || !passed.has(id)) return `cluster ${JSON.stringify(id)} is not a cluster id a call passed`;
  if (proxy?.[2].split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) return 'a dot segment after the cluster';
  return undefined;
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
let tap: RancherTap;

beforeAll(async () => {
  repo = await startChartRepo(cluster);
  tap = await tapRancher(testRancher());
  await seedShop(cluster, FUZZ_NAMESPACE);
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [deployment({ name: 'api', namespace: FUZZ_NAMESPACE })]);
  await waitForDeployments(cluster, [FUZZ_NAMESPACE], ['web', 'api']);
});

afterAll(async () => {
  await repo?.close();
  await tap?.stop();
});

describe('injection fuzzing', () => {
  it('has valid arguments for every tool, so no tool escapes the fuzzer', () => {
    expect(allTools.map((t) => t.name).filter((name) => !validArgs[name])).toEqual([]);
    expect(Object.keys(validArgs).filter((name) => !allTools.some((t) => t.name === name))).toEqual([]);
  });

  it('survives hostile values in every string field of every tool, and no forbidden argv or Rancher request goes out', async () => {
    const repository = { url: repo.url, caFile: repo.caFile };
    const configs = { standalone: widestConfig('standalone', repository), rancher: widestConfig('rancher', repository, tap) };
    const cases = offeredArguments(configs).flatMap(({ surface, tool, key, schema }) => {
      const holds = holdsStrings(schema);
      if (!holds) return [];
      return CORPUS.slice(0, VALUES_PER_FIELD).map((value) => ({
        surface,
        tool,
        key,
        args: { ...validArgs[tool], [key]: holds === 'array' ? [value] : value },
      }));
    });
    const crashes: string[] = [];
    let calls = 0;
    /** What reached Rancher while the Rancher surface was fuzzed. */
    let reached: RancherTap['requests'] = [];
    for (const surface of SURFACES) {
      const mcp = await connect({ config: configs[surface], identity: surfaceIdentity(surface) });
      try {
        await pool(
          cases.filter((c) => c.surface === surface),
          async ({ tool, key, args }) => {
            calls++;
            let res: CallToolResult;
            try {
              res = await mcp.call(tool, args);
            } catch (err) {
              crashes.push(`${surface} ${tool}.${key}: transport error ${(err as Error).message.slice(0, 120)}`);
              return;
            }
            if (textOf(res).includes('internal error'))
              crashes.push(`${surface} ${tool}.${key}=${JSON.stringify(args[key]).slice(0, 60)}: ${textOf(res).slice(0, 120)}`);
          },
        );
        if (surface === 'rancher') reached = [...tap.requests];
        // And it still answers.
        const answers: [string, Record<string, unknown>][] = [['k8s_get', { kind: 'pods', namespace: FUZZ_NAMESPACE }]];
        if (surface === 'rancher') answers.push(['rancher_clusters', {}], ['rancher_projects', { cluster: 'local' }]);
        for (const [tool, args] of answers) {
          const res = await mcp.call(tool, args);
          expect({ surface, tool, error: res.isError ? textOf(res) : undefined }).toEqual({ surface, tool, error: undefined });
        }
      } finally {
        await mcp.close();
      }
    }
    expect(crashes).toEqual([]);

    // The cluster ids the Rancher surface passed, and what reached Rancher while it was fuzzed.
    const passed = new Set(cases.filter((c) => c.surface === 'rancher').map((c) => c.args.cluster));
    const wrong = reached.flatMap((r) => {
      const why = r.user === testRancher().users.admin.id ? wrongRancherRequest(r.target, passed) : 'another user';
      return why ? [`${r.method} ${r.target.slice(0, 160)}: ${why}`] : [];
    });
    expect(wrong).toEqual([]);
    // Hostile values that are cluster ids (null, say) did reach Rancher, so the check above saw requests.
    expect(reached.length).toBeGreaterThan(0);

    const argvs = SURFACES.flatMap((surface) => auditOf(configs[surface])).flatMap((e) => e.commands as string[][]);
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
