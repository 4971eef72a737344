// MCP requires a tool's outputSchema to be one object schema. A tool that can return several views gets the
// merge of them: `kind` is the enum of their kinds and every other field is optional. (defineTool still checks
// each result against the exact view schema.)
import { z } from 'zod';

type AnyObject = z.ZodObject<z.ZodRawShape>;

export function outputShape(views: readonly AnyObject[]): z.ZodRawShape {
  if (views.length === 1) return views[0].shape;
  const fields = new Map<string, z.ZodType[]>();
  for (const view of views) {
    for (const [key, schema] of Object.entries(view.shape)) fields.set(key, [...(fields.get(key) ?? []), schema as z.ZodType]);
  }
  const kinds = views.map((v) => (v.shape.kind as z.ZodLiteral<string>).value);
  const shape: Record<string, z.ZodType> = { kind: z.enum(kinds as [string, ...string[]]) };
  for (const [key, schemas] of fields) {
    if (key === 'kind') continue;
    shape[key] = (schemas.length === 1 ? schemas[0] : z.union(schemas as [z.ZodType, z.ZodType, ...z.ZodType[]])).optional();
  }
  return shape;
}
