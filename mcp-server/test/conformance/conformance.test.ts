// The MCP specification as an external client checks it: the official MCP Python SDK (pinned in
// toolchain/versions.env; `toolchain/install.sh python-mcp` makes its venv, and npm test runs that first) runs
// client.py once against a real Drover MCP server on a real port, over Streamable HTTP and legacy HTTP+SSE, with raw
// HTTP for what lies below the SDK. Each line it prints is one test here, named after the point it checks.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { applyObjects, deployment, waitForDeployments } from '../../../tests/cluster';
import { toolPaths } from '../../../toolchain/versions';
import { listen } from '../../src/http';
import { createRuntime } from '../../src/runtime-factory';
import { isOffered } from '../../src/tools/define-tool';
import { allTools } from '../../src/tools';
import { cluster, testConfig } from '../support/harness';

const TOKEN = 'test-backend-token-0123456789';
const NS = 'mcp-conformance';
const PYTHON = toolPaths().pythonMcp;

/** Through the SDK's own client, on each transport. */
const SDK_POINTS: Record<string, string> = {
  'tools-list': 'tools/list lists every tool the server offers',
  'output-k8s-get': "k8s_get's structuredContent is valid against its outputSchema (a list and one object)",
  'output-k8s-rollout-status': "k8s_rollout_status's structuredContent is valid against its outputSchema (status and history)",
  'rollout-split': 'k8s_rollout_status reads (readOnlyHint) and k8s_rollout only changes',
  'patch-schema': "k8s_patch's input schema is a valid JSON Schema with no empty {} in it",
  'unknown-tool': 'an unknown tool is a JSON-RPC error -32602, not an isError result',
  'call-without-name': 'tools/call without a name is -32602 with one sentence',
  'call-arguments-not-object': 'tools/call with arguments that are not an object is -32602 with one sentence',
  'read-without-uri': 'resources/read without a uri is -32602 with one sentence',
  'read-missing': 'resources/read of a missing object is -32002 (resource not found)',
  'read-forbidden': 'resources/read of an object the user may not read is -32002 with the refusal',
  'list-cursor': 'a tools/list cursor the server never handed out is -32602',
};

/** Raw HTTP, per transport. */
const HTTP_POINTS: Record<string, Record<string, string>> = {
  'streamable-http': {
    'parse-error': 'a body that is not JSON is a JSON-RPC parse error (-32700, HTTP 400)',
    'batch-refused': 'a JSON-RPC batch on a 2025-11-25 session is refused (-32600, HTTP 400)',
    'batch-kept': 'a JSON-RPC batch on a 2025-03-26 session is answered',
    'session-id-missing': 'GET and DELETE /mcp without Mcp-Session-Id are HTTP 400',
    'session-id-unknown': 'GET and DELETE /mcp with an unknown Mcp-Session-Id are HTTP 404',
    'bearer-lowercase': 'the bearer scheme is case-insensitive',
  },
  sse: {
    'parse-error': 'a body that is not JSON is a JSON-RPC parse error (-32700, HTTP 400)',
    'batch-refused': 'a JSON-RPC batch is refused (-32600, HTTP 400)',
    'bearer-lowercase': 'the bearer scheme is case-insensitive',
  },
};

type Point = [transport: string, name: string, check: string];
const POINTS: Point[] = [
  ...['streamable-http', 'sse'].flatMap((transport) => Object.entries(SDK_POINTS).map(([check, name]): Point => [transport, name, check])),
  ...Object.entries(HTTP_POINTS).flatMap(([transport, points]) =>
    Object.entries(points).map(([check, name]): Point => [transport, name, check]),
  ),
];

interface Outcome {
  transport: string;
  check: string;
  ok: boolean;
  detail: string;
}

let outcomes: Outcome[];

beforeAll(async () => {
  if (!existsSync(PYTHON)) {
    throw new Error(`the MCP Python SDK's venv is missing (${PYTHON}): run \`toolchain/install.sh python-mcp\` (npm test does it first)`);
  }
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    deployment({ name: 'web', namespace: NS }),
  ]);
  await waitForDeployments(cluster, [NS], ['web']);
  const config = testConfig({ mode: 'read-write', http: { authToken: TOKEN } });
  const http = await listen(createRuntime(config));
  try {
    const offered = allTools.filter((tool) => isOffered(tool, config)).map((tool) => tool.name);
    const { stdout } = await promisify(execFile)(
      PYTHON,
      [
        join(__dirname, 'client.py'),
        `--base=http://127.0.0.1:${http.port}`,
        `--token=${TOKEN}`,
        '--user=viewer',
        `--namespace=${NS}`,
        `--tools=${offered.join(',')}`,
      ],
      { timeout: 100_000 },
    );
    outcomes = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Outcome);
  } finally {
    await http.close();
  }
});

it('runs every check of the list, and only those', () => {
  const key = (transport: string, check: string) => `${transport} ${check}`;
  expect(outcomes.map((o) => key(o.transport, o.check)).sort()).toEqual(POINTS.map(([transport, , check]) => key(transport, check)).sort());
});

it.each(POINTS)('%s: %s', (transport, _name, check) => {
  const outcome = outcomes.find((o) => o.transport === transport && o.check === check);
  expect(outcome).toMatchObject({ ok: true });
});
