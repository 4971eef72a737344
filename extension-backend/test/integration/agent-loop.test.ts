// The agent loop end to end: the built backend, the real MCP server, the real control plane, and a scripted model
// that speaks Ollama's protocol. What the model "decides" is scripted; everything it triggers is real.
import { applyObjects, deployment, waitForDeployments } from '../../../tests/cluster';
import { answerOf, ChatClient, typesOf } from '../support/chat-client';
import { cluster, MODEL, startStack, TOKENS, type Stack } from '../support/stack';

const NS = 'be-loop';
let stack: Stack;

beforeAll(async () => {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    deployment({ name: 'web', namespace: NS, replicas: 2 }),
    deployment({ name: 'api', namespace: NS, replicas: 1 }),
  ]);
  await waitForDeployments(cluster, [NS], ['web', 'api']);
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function viewer(): Promise<ChatClient> {
  return ChatClient.connect(stack.wsUrl, TOKENS.viewer);
}

describe('a read question', () => {
  it('runs the tool the model calls, gives the model the result, and streams its answer', async () => {
    stack.ollama.script(
      { toolCalls: [{ name: 'k8s_get', arguments: { kind: 'pod', namespace: NS } }] },
      { text: ['There are ', '3 pods ', 'in be-loop.'] },
    );
    const client = await viewer();
    const events = await client.chat('how many pods run in be-loop?');
    expect(typesOf(events)).toEqual(['session', 'turn_start', 'tool_call', 'tool_result', 'token', 'token', 'token', 'turn_end']);
    const call = events.find((e) => e.type === 'tool_call')!;
    expect(call).toMatchObject({ tool: 'k8s_get', arguments: { kind: 'pod', namespace: NS }, readOnly: true });
    const result = events.find((e) => e.type === 'tool_result')!;
    expect(result).toMatchObject({ tool: 'k8s_get', isError: false, summary: '3 pods', structured: { kind: 'table', resource: 'pods' } });
    expect(result.type === 'tool_result' && result.commands).toContainEqual(expect.stringMatching(`^GET /api/v1/namespaces/${NS}/pods\\?`));
    expect(answerOf(events)).toBe('There are 3 pods in be-loop.');
    expect(events.at(-1)).toMatchObject({ type: 'turn_end', reason: 'answered' });

    const [first, second] = stack.ollama
      .chatRequests()
      .slice(-2)
      .map((r) => r.body);
    expect(first).toMatchObject({ model: MODEL, stream: true, keep_alive: '30m', options: { num_ctx: 16384 } });
    expect(first.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(
      expect.arrayContaining(['k8s_get', 'k8s_describe', 'k8s_logs', 'k8s_events', 'k8s_diagnose']),
    );
    expect(first.messages.at(-1)).toEqual({ role: 'user', content: 'how many pods run in be-loop?' });
    const toolMessage = second.messages.at(-1);
    expect(toolMessage).toMatchObject({ role: 'tool', tool_name: 'k8s_get' });
    expect(toolMessage.content).toMatch(/web-[a-z0-9]+-[a-z0-9]+/);
    expect(second.messages.at(-2)).toMatchObject({
      role: 'assistant',
      tool_calls: [{ function: { name: 'k8s_get', arguments: { kind: 'pod', namespace: NS } } }],
    });
    client.close();
  });
});
