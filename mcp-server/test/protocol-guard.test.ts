// Requests the MCP specification (2025-11-25) answers with a JSON-RPC error, sent as raw requests through a real
// MCP client: each case is a call the SDK's McpServer alone answered wrongly (an isError result, -32603 with a zod
// dump, or a silently ignored cursor).
import { McpError, ResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { ADMIN, connect, testConfig, VIEWER, type Connected } from './support/harness';

let mcp: Connected;
beforeAll(async () => {
  mcp = await connect({ identity: VIEWER });
});
afterAll(() => mcp.close());

/** The JSON-RPC error a raw request gets (fails the test when it succeeds). */
async function errorOf(
  method: string,
  params?: Record<string, unknown>,
  client = mcp,
): Promise<{ code: number; message: string; data?: unknown }> {
  try {
    await client.client.request({ method, ...(params ? { params } : {}) } as never, ResultSchema);
  } catch (err) {
    if (err instanceof McpError) return { code: err.code, message: err.message.replace(/^MCP error -?\d+: /, ''), data: err.data };
    throw err;
  }
  throw new Error(`${method} succeeded`);
}

describe('tools/call', () => {
  it('answers an unknown tool with -32602, not an isError result', async () => {
    expect(await errorOf('tools/call', { name: 'k8s_nope', arguments: {} })).toEqual({
      code: -32602,
      message: 'unknown tool "k8s_nope": tools/list shows the tools this server offers.',
    });
  });

  it('answers a tool the mode does not offer as unknown', async () => {
    const readOnly = await connect({ identity: ADMIN, config: testConfig({ mode: 'read-only' }) });
    try {
      expect(await errorOf('tools/call', { name: 'k8s_scale', arguments: {} }, readOnly)).toMatchObject({ code: -32602 });
    } finally {
      await readOnly.close();
    }
  });

  it.each([
    ['no name', { arguments: {} }, 'tools/call needs params.name.'],
    ['a name that is not a string', { name: 7 }, 'tools/call: params.name must be a string.'],
    ['arguments that are a list', { name: 'k8s_get', arguments: ['pods'] }, 'tools/call: params.arguments must be an object.'],
    ['arguments that are a string', { name: 'k8s_get', arguments: 'pods' }, 'tools/call: params.arguments must be an object.'],
  ])('answers %s with -32602 and one sentence', async (_case, params, message) => {
    expect(await errorOf('tools/call', params)).toEqual({ code: -32602, message });
  });

  it('answers no params at all with -32602, naming the field they need', async () => {
    expect(await errorOf('tools/call')).toEqual({ code: -32602, message: 'tools/call needs params.name.' });
  });
});

describe('resources/read', () => {
  it('answers a missing uri with -32602 and one sentence', async () => {
    expect(await errorOf('resources/read', {})).toEqual({ code: -32602, message: 'resources/read needs params.uri.' });
  });

  it('answers a uri that is not a URI with -32602', async () => {
    expect(await errorOf('resources/read', { uri: 'not a uri' })).toEqual({
      code: -32602,
      message: 'resources/read: params.uri is not a URI.',
    });
  });

  it('answers a URI no resource serves with -32002', async () => {
    expect(await errorOf('resources/read', { uri: 'k8s://nodes' })).toEqual({
      code: -32002,
      message: 'no resource at k8s://nodes: resources/list and resources/templates/list show what this server serves.',
      data: { uri: 'k8s://nodes' },
    });
  });

  it('answers a missing object with -32002 and what the cluster said', async () => {
    expect(await errorOf('resources/read', { uri: 'k8s://namespaces/default/configmap/drover-none' })).toEqual({
      code: -32002,
      message: expect.stringMatching(/^cannot read k8s:\/\/namespaces\/default\/configmap\/drover-none: .*not found/),
      data: { uri: 'k8s://namespaces/default/configmap/drover-none' },
    });
  });

  it('answers an object the caller may not read with -32002 and the refusal', async () => {
    expect(await errorOf('resources/read', { uri: 'k8s://namespaces/default/secret/anything' })).toEqual({
      code: -32002,
      message: expect.stringMatching(
        /^cannot read k8s:\/\/namespaces\/default\/secret\/anything: .*User "viewer" cannot get resource "secrets"/,
      ),
      data: { uri: 'k8s://namespaces/default/secret/anything' },
    });
  });
});

describe('list cursors', () => {
  it.each(['tools/list', 'resources/list', 'resources/templates/list', 'prompts/list'])(
    'answers a cursor on %s with -32602, since every list comes in one page',
    async (method) => {
      expect(await errorOf(method, { cursor: 'bm90LWEtY3Vyc29y' })).toEqual({
        code: -32602,
        message: `invalid cursor: ${method} answers in one page and never hands out a cursor.`,
      });
    },
  );

  it('still lists without a cursor', async () => {
    expect((await mcp.client.listTools()).tools.length).toBeGreaterThan(10);
  });
});
