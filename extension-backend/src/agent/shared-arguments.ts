// Arguments many tools share (in Rancher mode every tool takes `cluster`) are explained once, in the system prompt,
// rather than in every tool's schema: the catalogue is sent with every request, and the same description repeated
// twenty times costs context without telling the model anything new. The argument itself stays in every schema.
import type { ToolDefinition } from '../llm/provider';

/** An argument is shared when at least this many offered tools declare it... */
const SHARED_BY = 3;

interface Property {
  description?: string;
  [key: string]: unknown;
}

const propertiesOf = (tool: ToolDefinition): Record<string, Property> =>
  (tool.parameters as { properties?: Record<string, Property> }).properties ?? {};

/** The tools with each shared argument's description taken out, and the paragraph that says them instead. */
export function hoistSharedArguments(tools: ToolDefinition[]): { tools: ToolDefinition[]; note?: string } {
  const variants = new Map<string, { schema: string; count: number }[]>();
  for (const tool of tools)
    for (const [name, property] of Object.entries(propertiesOf(tool))) {
      const schema = JSON.stringify(property);
      const seen = variants.get(name) ?? [];
      const same = seen.find((v) => v.schema === schema);
      if (same) same.count++;
      else seen.push({ schema, count: 1 });
      variants.set(name, seen);
    }
  // ...all with the same schema and description: where tools mean different things by one name, each keeps its own.
  const shared = new Map<string, string>();
  for (const [name, [only, ...others]] of variants) {
    const description = (JSON.parse(only.schema) as Property).description;
    if (others.length === 0 && only.count >= SHARED_BY && description) shared.set(name, description);
  }
  if (shared.size === 0) return { tools };
  const stripped = tools.map((tool) => {
    if (!Object.keys(propertiesOf(tool)).some((name) => shared.has(name))) return tool;
    const properties = Object.fromEntries(
      Object.entries(propertiesOf(tool)).map(([name, property]) => {
        if (!shared.has(name)) return [name, property];
        const { description: _saidOnce, ...rest } = property;
        return [name, rest];
      }),
    );
    return { ...tool, parameters: { ...tool.parameters, properties } };
  });
  const lines = [...shared].map(([name, description]) => `- ${name}: ${description}`);
  return { tools: stripped, note: `Arguments many tools share:\n${lines.join('\n')}` };
}
