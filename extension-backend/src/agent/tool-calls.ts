// What small models get wrong about tool calls, repaired before anything runs:
// - a call written as JSON text instead of a real tool call (llama3.2, qwen2.5-coder): recognised, but only for a
//   real tool's name, and kept out of the streamed answer while it might still be one;
// - arrays, objects, numbers and booleans sent as strings, and null for arguments they mean to leave out;
// - missing required arguments: answered with what is needed, so the model can fix its call.
import type { RoutedTool } from '../mcp/tool-router';

export interface ProposedCall {
  name: string;
  arguments: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The shapes models use when they write a call as text: {name, arguments|parameters} or {function: {…}}. */
function asCall(value: unknown): ProposedCall | undefined {
  if (!isRecord(value)) return undefined;
  const inner = isRecord(value.function) ? value.function : value;
  const args = inner.arguments ?? inner.parameters ?? {};
  if (typeof inner.name !== 'string') return undefined;
  const parsedArgs = typeof args === 'string' ? safeJson(args) : args;
  return isRecord(parsedArgs) ? { name: inner.name, arguments: parsedArgs } : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const FENCED = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/;

/**
 * Tool calls a model wrote as its whole answer (bare JSON, or one fenced JSON block), if every one names a tool
 * that exists. Anything else is an ordinary answer.
 */
export function callsWrittenAsText(content: string, toolNames: ReadonlySet<string>): ProposedCall[] | undefined {
  const trimmed = content.trim();
  const body = FENCED.exec(trimmed)?.[1] ?? trimmed;
  if (!/^[[{]/.test(body)) return undefined;
  const parsed = safeJson(body);
  const items = Array.isArray(parsed) ? parsed : isRecord(parsed) && Array.isArray(parsed.tool_calls) ? parsed.tool_calls : [parsed];
  const calls = items.map(asCall);
  if (calls.length === 0 || calls.some((c) => !c || !toolNames.has(c.name))) return undefined;
  return calls as ProposedCall[];
}

/** A call opens as an object with a key, or a list of objects: `{{ .Values }}` or `[Note]` cannot be one. */
const mayOpenCall = (text: string) => /^(\{\s*("|$)|\[\s*(\{|$))/.test(text);

/**
 * Whether streamed text may still turn out to be a tool call written as text: it is held back until that is
 * settled, so the user never sees raw JSON.
 */
export function mightBeCallText(prefix: string): boolean {
  const t = prefix.trimStart();
  if (t === '' || mayOpenCall(t)) return true;
  if ('```json'.startsWith(t) || '```'.startsWith(t)) return true;
  const fence = /^```(json)?(\s*)([\s\S]*)$/.exec(t);
  if (!fence) return false;
  const rest = fence[3];
  // "```" then a language other than json, or a block that does not open with JSON, is ordinary text.
  if (!fence[1] && /^[a-z]/i.test(rest) && !fence[2]) return false;
  return rest === '' || mayOpenCall(rest);
}

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  enum?: unknown[];
};

function typesOf(schema: Schema | undefined): string[] {
  if (!schema?.type) return [];
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** One argument brought to the type the schema asks for, when the model sent it as a string. */
function coerceValue(value: unknown, schema: Schema | undefined): unknown {
  const types = typesOf(schema);
  if (typeof value !== 'string' || types.length === 0 || types.includes('string')) return value;
  const text = value.trim();
  if ((types.includes('array') && text.startsWith('[')) || (types.includes('object') && text.startsWith('{'))) {
    return safeJson(text) ?? value;
  }
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (types.includes('boolean') && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  if (types.includes('array')) return [value]; // a single value where a list is expected
  return value;
}

export type PreparedArguments = { ok: true; arguments: Record<string, unknown> } | { ok: false; problem: string };

/** Repairs what can be repaired, and says precisely what is missing otherwise. */
export function prepareArguments(tool: RoutedTool, args: Record<string, unknown>): PreparedArguments {
  const schema = tool.inputSchema as Schema;
  const properties = schema.properties ?? {};
  const prepared: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (value === null || value === undefined) continue;
    prepared[key] = coerceValue(value, properties[key]);
  }
  const missing = (schema.required ?? []).filter((key) => prepared[key] === undefined || prepared[key] === '');
  if (missing.length) {
    const needs = missing.map((key) => {
      const p = properties[key];
      const type = typesOf(p).join('|') || 'value';
      return `\`${key}\` (${type}${p?.enum ? `: one of ${p.enum.join(', ')}` : ''})${p?.description ? `: ${p.description}` : ''}`;
    });
    return { ok: false, problem: `${tool.name} needs ${needs.join('; ')}. Call it again with ${missing.length > 1 ? 'these' : 'this'}.` };
  }
  return { ok: true, arguments: prepared };
}

/** The same call always gives the same key, whatever order the model wrote the arguments in. */
export function callKey(name: string, args: Record<string, unknown>): string {
  const canonical = (v: unknown): unknown =>
    isRecord(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, canonical(v[k])]),
        )
      : Array.isArray(v)
        ? v.map(canonical)
        : v;
  return `${name}:${JSON.stringify(canonical(args))}`;
}

/**
 * Streamed answer text, passed on as it comes unless it might be a tool call written as text: then it is held
 * until the reply is complete, and either released (an ordinary answer) or dropped (it was a call).
 */
export class HeldText {
  private text = '';
  private holding = true;

  constructor(private readonly release: (text: string) => void) {}

  push(piece: string): void {
    if (!this.holding) return this.release(piece);
    this.text += piece;
    if (!mightBeCallText(this.text)) this.flush();
  }

  /** The reply was an ordinary answer: pass on whatever is held. */
  flush(): void {
    this.holding = false;
    if (this.text) this.release(this.text);
    this.text = '';
  }
}
