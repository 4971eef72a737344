// Tools offered by relevance, end to end: the built backend, the real MCP server (read-write) and cluster, and the
// scripted model, whose requests show what it was offered. A helm question gets the helm tools, a pods question
// does not; a held-back tool the model calls anyway still runs, and is offered from then on.
import { applyObjects } from '../../../tests/cluster';
import { ChatClient } from '../support/chat-client';
import { cluster, startStack, TOKENS, type Stack } from '../support/stack';

const NS = 'be-groups';
/** The helm tools of a read-write server without chart repositories. */
const HELM = ['helm_list', 'helm_status', 'helm_history', 'helm_get', 'helm_rollback', 'helm_uninstall'];
let stack: Stack;

beforeAll(async () => {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }]);
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

interface ChatBody {
  tools: { function: { name: string } }[];
  messages: { role: string; content: string }[];
}

/** What the model was offered on each /api/chat request from request number `from` (0-based) on. */
function requestsFrom(from: number): { tools: string[]; system: string }[] {
  return stack.ollama
    .chatRequests()
    .slice(from)
    .map((r) => r.body as ChatBody)
    .map((body) => ({ tools: body.tools.map((t) => t.function.name), system: body.messages[0].content }));
}

it('offers the helm tools for a question about a release, and not for one about pods', async () => {
  const client = await ChatClient.connect(stack.wsUrl, TOKENS.viewer);
  const from = stack.ollama.chatRequests().length;
  stack.ollama.script({ text: 'No releases.' }, { text: 'None crash.' });
  await client.chat(`which helm releases failed in ${NS}?`);
  await client.chat(`why are my pods crash-looping in ${NS}?`);
  const [helm, pods] = requestsFrom(from);
  expect(helm.tools).toEqual(expect.arrayContaining(['k8s_get', 'k8s_diagnose', ...HELM]));
  expect(helm.system).not.toMatch(/held back until needed: .*helm_/);
  expect(pods.tools).toEqual(expect.arrayContaining(['k8s_get', 'k8s_describe', 'k8s_logs', 'k8s_events', 'k8s_diagnose']));
  for (const name of [...HELM, 'k8s_scale', 'k8s_delete', 'k8s_top']) expect(pods.tools).not.toContain(name);
  expect(pods.system).toMatch(/held back until needed: .*helm_list/);
  expect(pods.tools.length).toBeLessThan(helm.tools.length);
  client.close();
});

it('runs a held-back tool the model calls anyway, then offers its group for the rest of the session', async () => {
  const client = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
  const from = stack.ollama.chatRequests().length;
  stack.ollama.script(
    { toolCalls: [{ name: 'helm_list', arguments: { namespace: NS } }] },
    { text: 'Nothing is deployed there.' },
    { text: 'You are welcome.' },
  );
  const events = await client.say(`what is deployed in ${NS}?`);
  expect(events.find((e) => e.type === 'tool_result')).toMatchObject({ tool: 'helm_list', isError: false });
  expect(events.at(-1)).toMatchObject({ type: 'turn_end', reason: 'answered' });
  await client.say('thanks');
  const [asked, afterCall, nextTurn] = requestsFrom(from);
  expect(asked.tools).not.toContain('helm_list');
  expect(afterCall.tools).toEqual(expect.arrayContaining(HELM));
  expect(nextTurn.tools).toEqual(expect.arrayContaining(HELM));
  client.close();
});

it('recognises a held-back tool in a call the model wrote as text', async () => {
  const client = await ChatClient.connect(stack.wsUrl, TOKENS.admin);
  const from = stack.ollama.chatRequests().length;
  stack.ollama.script({ text: JSON.stringify({ name: 'helm_list', arguments: { namespace: NS } }) }, { text: 'Nothing there.' });
  const events = await client.chat(`what runs in ${NS}?`);
  expect(requestsFrom(from)[0].tools).not.toContain('helm_list');
  expect(events.find((e) => e.type === 'tool_call')).toMatchObject({ tool: 'helm_list', arguments: { namespace: NS } });
  expect(events.find((e) => e.type === 'tool_result')).toMatchObject({ tool: 'helm_list', isError: false });
  client.close();
});
