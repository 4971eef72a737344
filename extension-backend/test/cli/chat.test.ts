// `drover chat` against the real stack, fed lines on stdin as a script would: several turns in one session,
// /commands passed through to the backend, and a connection that comes back after the backend restarts.
import { randomBytes } from 'node:crypto';
import { applyObjects, deployment, kubectlOk, waitForDeployments } from '../../../tests/cluster';
import { cluster, startStack, TOKENS, type Stack } from '../support/stack';
import { startCuttableProxy } from './cuttable-proxy';
import { buildCli, CliProcess, runCli } from './run-cli';

// Unique per run: a namespace of an earlier run may still be terminating.
const NS = `be-cli-chat-${randomBytes(3).toString('hex')}`;
let stack: Stack;

const env = () => ({ DROVER_URL: stack.url, DROVER_TOKEN: TOKENS.viewer });

/** The turns the backend stored for a session, by the user's text. */
async function turnsOf(sessionId: string): Promise<string[]> {
  const response = await fetch(`${stack.url}/api/sessions/${sessionId}`, { headers: { Authorization: `Bearer ${TOKENS.viewer}` } });
  const body = (await response.json()) as { events: { type: string; text?: string }[] };
  return body.events.filter((e) => e.type === 'turn_start').map((e) => e.text!);
}

const sessionIdIn = (stdout: string) => /^Session (\S+) \(continue it later: drover chat --session \1\)$/m.exec(stdout)?.[1];

beforeAll(async () => {
  buildCli();
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    deployment({ name: 'shop', namespace: NS, replicas: 2 }),
  ]);
  await waitForDeployments(cluster, [NS], ['shop']);
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
  await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath, ['delete', 'namespace', NS, '--wait=false', '--ignore-not-found']);
});

it('runs each line as a turn of one session, passes /commands to the backend, and quits at the end of input', async () => {
  stack.ollama.script(
    { toolCalls: [{ name: 'k8s_get', arguments: { kind: 'deployment', namespace: NS } }] },
    { text: 'One deployment, shop, with 2 replicas.' },
  );
  const run = await runCli(['chat'], env(), `what runs in ${NS}?\n\n/get pods -n ${NS}\n`);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const sessionId = sessionIdIn(run.stdout);
  expect(sessionId).toBeDefined();
  expect(run.stdout).toContain(`› what runs in ${NS}?\nSession ${sessionId} (continue it later`);
  expect(run.stdout).toContain(`)\n→ k8s_get {kind: deployment, namespace: ${NS}}`);
  expect(run.stdout).toContain('One deployment, shop, with 2 replicas.\n');
  expect(run.stdout).toContain(`› /get pods -n ${NS}\n→ k8s_get`);
  expect(run.stdout.match(/^ {2}shop-\S+ +1\/1 +Running/gm)).toHaveLength(2);
  expect(await turnsOf(sessionId!)).toEqual([`what runs in ${NS}?`, `/get pods -n ${NS}`]);
});

it('stops at "exit" and continues a session given with --session', async () => {
  const first = await runCli(['chat'], env(), `/get deployments -n ${NS}\n`);
  const sessionId = sessionIdIn(first.stdout)!;
  const second = await runCli(['chat', '--session', sessionId], env(), `/get pods -n ${NS}\nexit\n/get nodes\n`);
  expect(second.code).toBe(0);
  expect(second.stdout).toContain(`Continuing session ${sessionId}: /get deployments -n ${NS}`);
  expect(await turnsOf(sessionId)).toEqual([`/get deployments -n ${NS}`, `/get pods -n ${NS}`]);
});

it('reconnects after the backend restarts and goes on in the same session', async () => {
  const cli = new CliProcess(['chat'], env());
  cli.write(`/get deployments -n ${NS}\n`);
  await cli.waitForStdout(/^ {2}shop +2\/2/m);
  await stack.restartBackend();
  cli.write(`/get pods -n ${NS}\n`);
  await cli.waitForStdout(/^ {2}shop-\S+ +1\/1/m);
  cli.end();
  const run = await cli.exited;
  expect(run.code).toBe(0);
  expect(run.stderr).toContain('lost the connection to the backend; reconnecting…');
  expect(run.stderr).toContain('reconnected');
  expect(await turnsOf(sessionIdIn(run.stdout)!)).toEqual([`/get deployments -n ${NS}`, `/get pods -n ${NS}`]);
});

it('follows a running turn across a dropped connection: resumes after the last event seen, without gaps or repeats', async () => {
  const proxy = await startCuttableProxy(stack.url);
  try {
    stack.ollama.script({ text: ['First part. ', 'Second part. ', 'Third part. ', 'Fourth part.'], chunkDelayMs: 300 });
    const cli = new CliProcess(['chat'], { DROVER_URL: proxy.url, DROVER_TOKEN: TOKENS.viewer });
    cli.write('tell me a long story\n');
    await cli.waitForStdout(/First part\. /);
    proxy.cut();
    await cli.waitForStdout(/Fourth part\.\n/);
    cli.end();
    const run = await cli.exited;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('reconnected');
    expect(run.stdout.split('\n')).toContainEqual('First part. Second part. Third part. Fourth part.');
  } finally {
    await proxy.close();
  }
});
