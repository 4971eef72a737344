// `drover ask` against the real stack: the built CLI as a process, the built backend and MCP server, the real
// control plane, and a scripted model. What the model "decides" is scripted; what it triggers is real.
import { randomBytes } from 'node:crypto';
import { parseServerEvent, type ServerEvent } from '@drover/protocol';
import { applyObjects, deployment, kubectlOk, waitForDeployments } from '../../../tests/cluster';
import { cluster, startStack, TOKENS, type Stack } from '../support/stack';
import { buildCli, CliProcess, runCli } from './run-cli';

// Unique per run: a namespace of an earlier run may still be terminating.
const NS = `be-cli-ask-${randomBytes(3).toString('hex')}`;
let stack: Stack;

const as = (token: string) => ({ DROVER_URL: stack.url, DROVER_TOKEN: token });
const replicasOf = async (name: string) =>
  Number(
    await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, [
      'get',
      'deployment',
      name,
      '-n',
      NS,
      '-o',
      'jsonpath={.spec.replicas}',
    ]),
  );
const scale = (name: string, replicas: number) => ({
  toolCalls: [{ name: 'k8s_scale', arguments: { kind: 'deployment', name, namespace: NS, replicas } }],
});

beforeAll(async () => {
  buildCli();
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    deployment({ name: 'web', namespace: NS, replicas: 2 }),
    deployment({ name: 'api', namespace: NS, replicas: 1 }),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: NS }, data: { mode: 'fast' } },
  ]);
  await waitForDeployments(cluster, [NS], ['web', 'api']);
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
  await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['delete', 'namespace', NS, '--wait=false', '--ignore-not-found']);
});

describe('a question', () => {
  it('shows the tool call with what it ran, the result as an aligned table, and the streamed answer', async () => {
    stack.ollama.script(
      { toolCalls: [{ name: 'k8s_get', arguments: { kind: 'pod', namespace: NS } }] },
      { text: ['There are ', '3 pods ', 'in the namespace.'] },
    );
    const run = await runCli(['ask', `how many pods run in ${NS}?`], as(TOKENS.viewer));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`→ k8s_get {kind: pod, namespace: ${NS}}`);
    const header = lines.findIndex((l) => /^ {2}NAME +READY +STATUS/.test(l));
    expect(header).toBeGreaterThan(0);
    expect(lines.slice(1, header)).toContainEqual(expect.stringMatching(new RegExp(`^  \\$ GET /api/v1/namespaces/${NS}/pods\\?`)));
    const rows = lines.slice(header + 1, header + 4);
    expect(rows).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ {2}web-\S+ +1\/1 +Running/), expect.stringMatching(/^ {2}api-\S+ +1\/1 +Running/)]),
    );
    const statusColumn = lines[header].indexOf('STATUS');
    for (const row of rows) expect(row.indexOf('Running')).toBe(statusColumn);
    expect(run.stdout.endsWith('There are 3 pods in the namespace.\n')).toBe(true);
  });

  it('prints the raw events as NDJSON with --json, ending with turn_end', async () => {
    stack.ollama.script({ text: ['All ', 'good.'] });
    const run = await runCli(['ask', '--json', `is ${NS} healthy?`], as(TOKENS.viewer));
    expect(run.code).toBe(0);
    const events: ServerEvent[] = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => {
        const parsed = parseServerEvent(line);
        if (!parsed.ok) throw new Error(`not an event: ${line}`);
        return parsed.value;
      });
    expect(events.map((e) => e.type)).toEqual(['session', 'turn_start', 'token', 'token', 'turn_end']);
    expect(events.at(-1)).toMatchObject({ type: 'turn_end', reason: 'answered' });
  });

  it('runs a /command without the model', async () => {
    const before = stack.ollama.chatRequests().length;
    const run = await runCli(['ask', `/get deployments -n ${NS}`], as(TOKENS.viewer));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}NAME +READY/m);
    expect(run.stdout).toMatch(/^ {2}web +2\/2/m);
    expect(stack.ollama.chatRequests()).toHaveLength(before);
  });

  it('reports a /command the backend cannot run on stderr, with exit code 1', async () => {
    const unknown = await runCli(['ask', '/frobnicate pods'], as(TOKENS.viewer));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('error: unknown command /frobnicate');
    expect(unknown.stderr).toContain('turn ended (failed)');

    const refused = await runCli(['ask', '/get nonsense-kind-xyz'], as(TOKENS.viewer));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('→ k8s_get {kind: nonsense-kind-xyz');
    expect(refused.stderr).toMatch(/^error: .*must be a resource type/m);
  });

  it('sends cancel on Ctrl-C and exits 130 when the turn has stopped', async () => {
    stack.ollama.script({ text: ['Let me think', ' about that'], hangAfterChunks: 1 });
    const cli = new CliProcess(['ask', 'a long question'], as(TOKENS.viewer));
    cli.end();
    await cli.waitForStdout(/Let me think/);
    cli.interrupt();
    const run = await cli.exited;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('cancelling');
    expect(run.stderr).toContain('turn ended (cancelled): Cancelled.');
  });
});

describe('a change', () => {
  it('is made when the user answers y (answers read from stdin with --answers-from-stdin)', async () => {
    stack.ollama.script(scale('web', 3), { text: 'Scaled web to 3.' });
    const run = await runCli(['ask', '--answers-from-stdin', 'scale web to 3'], as(TOKENS.admin), 'y\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`→ k8s_scale {kind: deployment, name: web, namespace: ${NS}, replicas: 3}`);
    expect(run.stdout).toContain(`Plan: kubectl scale deployments.apps/web --replicas=3 --namespace=${NS}`);
    expect(run.stdout).toMatch(/^ {2}\+.*replicas: 3$/m);
    expect(run.stdout).toMatch(/^ {2}-.*replicas: 2$/m);
    expect(run.stdout).toContain('Approve? [y]es / [n]o / [a]lways for this tool in this namespace: y\n');
    expect(run.stdout).toContain('✓ approved');
    expect(run.stdout).toContain('Scaled web to 3.');
    expect(await replicasOf('web')).toBe(3);
  });

  it('is denied, and nothing changes, when nobody can answer at a terminal', async () => {
    stack.ollama.script(scale('api', 4), { text: 'I could not scale api.' });
    const run = await runCli(['ask', 'scale api to 4'], as(TOKENS.admin), 'y\n');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('not approved: approvals need an interactive terminal');
    expect(run.stdout).not.toContain('Approve?');
    expect(run.stdout).toContain('✗ denied: not run');
    expect(await replicasOf('api')).toBe(1);
    const toolMessage = stack.ollama.chatRequests().at(-1)!.body.messages.at(-1);
    expect(toolMessage.content).toContain('approvals need an interactive terminal');
  });

  it('asks once when the user answers always: the next change of that tool in that namespace is approved by their rule', async () => {
    stack.ollama.script(scale('api', 2), scale('api', 3), { text: 'Done.' });
    const run = await runCli(['ask', '--answers-from-stdin', 'scale api to 2, then 3'], as(TOKENS.admin), 'a\n');
    expect(run.code).toBe(0);
    expect(run.stdout.match(/Approve\?/g)).toHaveLength(1);
    expect(run.stdout).toContain('✓ approved by your rule for this tool in this namespace');
    expect(await replicasOf('api')).toBe(3);
  });

  it('offers no "always" for a change no session rule may approve (a delete), and takes only y or n', async () => {
    stack.ollama.script(
      { toolCalls: [{ name: 'k8s_delete', arguments: { kind: 'configmap', name: 'settings', namespace: NS } }] },
      { text: 'Kept it.' },
    );
    const run = await runCli(['ask', '--answers-from-stdin', 'delete the settings configmap'], as(TOKENS.admin), 'a\nn\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Approve? [y]es / [n]o: a\n  Answer y or n.\n  Approve? [y]es / [n]o: n\n');
    expect(run.stdout).not.toContain('[a]lways');
    expect(run.stdout).toContain('✗ denied: not run');
    expect(
      await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, [
        'get',
        'configmap',
        'settings',
        '-n',
        NS,
        '-o',
        'jsonpath={.data.mode}',
      ]),
    ).toBe('fast');
  });
});
