import { hoistSharedArguments } from '../../src/agent/shared-arguments';
import type { ToolDefinition } from '../../src/llm/provider';

const CLUSTER = { type: 'string', description: 'Rancher cluster id (local, c-m-…); default: the one in view' };

function tool(name: string, properties: Record<string, unknown>): ToolDefinition {
  return { name, description: `${name} does one thing`, parameters: { type: 'object', properties, required: ['name'] } };
}

describe('hoistSharedArguments', () => {
  it('says an argument every tool declares the same way once, and keeps the argument in each schema', () => {
    const tools = ['k8s_get', 'k8s_logs', 'helm_list'].map((name) => tool(name, { name: { type: 'string' }, cluster: CLUSTER }));
    const { tools: hoisted, note } = hoistSharedArguments(tools);
    expect(note).toBe(`Arguments many tools share:\n- cluster: ${CLUSTER.description}`);
    for (const t of hoisted) {
      expect(t.parameters).toEqual({
        type: 'object',
        properties: { name: { type: 'string' }, cluster: { type: 'string' } },
        required: ['name'],
      });
    }
    expect(JSON.stringify(hoisted).length + note!.length).toBeLessThan(JSON.stringify(tools).length);
    expect(tools[0].parameters.properties).toHaveProperty('cluster.description'); // the input is left as it was
  });

  it('leaves an argument alone when tools mean different things by it', () => {
    const tools = [
      tool('k8s_get', { namespace: { type: 'string', description: 'Omit for all namespaces' } }),
      tool('k8s_top', { namespace: { type: 'string', description: 'Omit for all namespaces' } }),
      tool('k8s_events', { namespace: { type: 'string', description: 'Omit for all namespaces' } }),
      tool('k8s_describe', { namespace: { type: 'string', description: 'Default: "default"' } }),
    ];
    expect(hoistSharedArguments(tools)).toEqual({ tools });
  });

  it('leaves an argument alone when fewer than three tools share it, or when it has no description', () => {
    const pair = ['a', 'b'].map((name) => tool(name, { cluster: CLUSTER }));
    expect(hoistSharedArguments(pair)).toEqual({ tools: pair });
    const bare = ['a', 'b', 'c'].map((name) => tool(name, { release: { type: 'string' } }));
    expect(hoistSharedArguments(bare)).toEqual({ tools: bare });
    expect(hoistSharedArguments([])).toEqual({ tools: [] });
  });

  it('takes tools without properties as they are', () => {
    const tools = [
      { name: 'rancher_clusters', description: 'Clusters', parameters: { type: 'object' } },
      ...['a', 'b', 'c'].map((name) => tool(name, { cluster: CLUSTER })),
    ];
    const { tools: hoisted, note } = hoistSharedArguments(tools);
    expect(hoisted[0]).toEqual(tools[0]);
    expect(note).toContain('- cluster:');
  });
});
