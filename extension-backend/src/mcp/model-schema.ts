// What a model needs of a tool's JSON Schema. The catalogue is sent with every request and costs context each time
// (bench/mcp/catalogue.ts measures it), so what the server enforces anyway is left out: patterns, lengths and
// numeric bounds (a call outside them is refused with a message that says what is allowed), and defaults (the server
// fills in what a call leaves out; where it matters, the description says what that is). A union of schemas becomes
// a list of its types: shorter, and what Ollama's tool templates and small models read.
type Schema = Record<string, unknown>;

const KEPT = new Set(['type', 'description', 'properties', 'required', 'items', 'enum']);

/** The types a union's branches allow, in order; undefined when a branch allows anything. */
function unionTypes(branches: unknown[]): string[] | undefined {
  const types = branches.map((b) => (b && typeof b === 'object' ? (b as Schema).type : undefined));
  if (types.some((t) => t === undefined)) return undefined;
  return [...new Set(types.flat() as string[])];
}

export function modelSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(modelSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const { anyOf, ...rest } = schema as Schema;
  const types = Array.isArray(anyOf) ? unionTypes(anyOf) : undefined;
  const source: Schema = types ? { ...rest, type: types.length === 1 ? types[0] : types } : rest;
  return Object.fromEntries(
    Object.entries(source)
      .filter(([key]) => KEPT.has(key))
      .map(([key, value]) => [
        key,
        key === 'properties'
          ? Object.fromEntries(Object.entries(value as Schema).map(([name, s]) => [name, modelSchema(s)]))
          : key === 'enum' || key === 'required'
            ? value
            : modelSchema(value),
      ]),
  );
}
