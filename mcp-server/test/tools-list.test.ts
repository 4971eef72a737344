// tools/list is the server's contract with every client: names, descriptions, schemas and annotations. A change
// shows up here and in review (update with `npx jest -u test/tools-list.test.ts`).
import { connect, testConfig, ADMIN } from './support/harness';

/** Where a JSON Schema has a sub-schema that is {} (allows any value), following only the keywords that hold schemas. */
function emptySchemas(schema: unknown, at: string): string[] {
  if (!schema || typeof schema !== 'object') return [];
  if (Object.keys(schema).length === 0) return [at];
  const s = schema as Record<string, unknown>;
  const one = ['additionalProperties', 'items', 'propertyNames', 'not'].flatMap((key) => emptySchemas(s[key], `${at}.${key}`));
  const many = ['anyOf', 'oneOf', 'allOf'].flatMap((key) =>
    Array.isArray(s[key]) ? (s[key] as unknown[]).flatMap((sub, i) => emptySchemas(sub, `${at}.${key}[${i}]`)) : [],
  );
  const named = ['properties', 'definitions', '$defs'].flatMap((key) =>
    Object.entries((s[key] ?? {}) as Record<string, unknown>).flatMap(([name, sub]) => emptySchemas(sub, `${at}.${name}`)),
  );
  return [...one, ...many, ...named];
}

describe('tools/list', () => {
  it('matches the reviewed contract (read-write mode, exec enabled, a chart repository configured)', async () => {
    const mcp = await connect({
      identity: ADMIN,
      config: testConfig({
        mode: 'read-write',
        policy: { allowExec: true },
        helm: { repositories: [{ name: 'charts', url: 'https://charts.example.com/' }] },
      }),
    });
    try {
      const { tools } = await mcp.client.listTools();
      expect(tools).toMatchSnapshot();
    } finally {
      await mcp.close();
    }
  });

  it('declares complete annotations on every tool, and only read tools as read-only', async () => {
    const mcp = await connect({
      identity: ADMIN,
      config: testConfig({ mode: 'admin', policy: { allowExec: true }, helm: { ociRegistries: ['registry.example.com'] } }),
    });
    try {
      for (const tool of (await mcp.client.listTools()).tools) {
        expect(tool.annotations).toEqual({
          title: expect.any(String),
          readOnlyHint: expect.any(Boolean),
          destructiveHint: expect.any(Boolean),
          idempotentHint: expect.any(Boolean),
          openWorldHint: expect.any(Boolean),
        });
        expect(tool.outputSchema).toMatchObject({ type: 'object' });
        expect(tool.name).toMatch(/^(k8s|helm)_[a-z_]+$/);
      }
    } finally {
      await mcp.close();
    }
  });

  it('gives every value a schema: no empty {} (strict clients such as the MCP Inspector flag it as "anything")', async () => {
    const mcp = await connect({ identity: ADMIN, config: testConfig({ mode: 'admin', policy: { allowExec: true } }) });
    try {
      const empty = (await mcp.client.listTools()).tools.flatMap((tool) => [
        ...emptySchemas(tool.inputSchema, `${tool.name} input`),
        ...emptySchemas(tool.outputSchema, `${tool.name} output`),
      ]);
      expect(empty).toEqual([]);
    } finally {
      await mcp.close();
    }
  });

  it('in Rancher identity mode adds the Rancher tools, and an optional cluster argument to every tool that acts on one cluster', async () => {
    // Listing reaches no Rancher: the address only has to be a URL.
    const mcp = await connect({
      identity: { mode: 'rancher', user: 'u-lister', token: 'token-lister:unused' },
      config: testConfig({
        mode: 'admin',
        identity: { mode: 'rancher', rancherUrl: 'https://rancher.example.com', kubeconfig: undefined },
      }),
    });
    try {
      const tools = (await mcp.client.listTools()).tools;
      const rancherTools = tools.filter((t) => t.name.startsWith('rancher_'));
      expect(rancherTools.map((t) => t.name)).toEqual(['rancher_clusters', 'rancher_projects']);
      expect(rancherTools).toMatchSnapshot();
      const [across, ...perCluster] = [
        tools.find((t) => t.name === 'rancher_clusters')!,
        ...tools.filter((t) => t.name !== 'rancher_clusters'),
      ];
      expect(across.inputSchema.properties).not.toHaveProperty('cluster');
      const argument = perCluster[0].inputSchema.properties?.cluster;
      expect(argument).toMatchSnapshot();
      for (const tool of perCluster) {
        expect([tool.name, tool.inputSchema.properties?.cluster]).toEqual([tool.name, argument]);
        expect(tool.inputSchema.required ?? []).not.toContain('cluster');
      }
      expect(rancherTools.flatMap((t) => [...emptySchemas(t.inputSchema, t.name), ...emptySchemas(t.outputSchema, t.name)])).toEqual([]);
    } finally {
      await mcp.close();
    }
  });

  it('lists only read tools in read-only mode', async () => {
    const mcp = await connect({
      identity: ADMIN,
      config: testConfig({ mode: 'read-only', policy: { allowExec: true }, helm: { ociRegistries: ['registry.example.com'] } }),
    });
    try {
      const tools = (await mcp.client.listTools()).tools;
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      expect(tools.map((t) => t.name)).not.toContain('k8s_exec');
    } finally {
      await mcp.close();
    }
  });
});
