import { callKey, callsWrittenAsText, HeldText, mightBeCallText, prepareArguments } from '../../src/agent/tool-calls';
import type { RoutedTool } from '../../src/mcp/tool-router';

const TOOLS = new Set(['k8s_get', 'k8s_logs']);
const GET_PODS = { name: 'k8s_get', arguments: { kind: 'pod', namespace: 'shop' } };

describe('tool calls written as text', () => {
  it.each<[string, string]>([
    ['bare JSON', '{"name": "k8s_get", "arguments": {"kind": "pod", "namespace": "shop"}}'],
    ['bare JSON around blank lines', '\n  {"name": "k8s_get", "arguments": {"kind": "pod", "namespace": "shop"}}  \n'],
    ['a ```json block', '```json\n{"name": "k8s_get", "arguments": {"kind": "pod", "namespace": "shop"}}\n```'],
    ['a ``` block without a language', '```\n{"name": "k8s_get", "arguments": {"kind": "pod", "namespace": "shop"}}\n```'],
    [
      'the OpenAI function shape',
      '{"type": "function", "function": {"name": "k8s_get", "arguments": {"kind": "pod", "namespace": "shop"}}}',
    ],
    ['`parameters` instead of `arguments`', '{"name": "k8s_get", "parameters": {"kind": "pod", "namespace": "shop"}}'],
    ['arguments as a JSON string', '{"name": "k8s_get", "arguments": "{\\"kind\\": \\"pod\\", \\"namespace\\": \\"shop\\"}"}'],
  ])('are recognised as %s', (_shape, text) => {
    expect(callsWrittenAsText(text, TOOLS)).toEqual([GET_PODS]);
  });

  it('recognise an array of calls, in order', () => {
    const text =
      '[{"name": "k8s_get", "arguments": {"kind": "pod", "namespace": "shop"}}, {"name": "k8s_logs", "parameters": {"name": "web"}}]';
    expect(callsWrittenAsText(text, TOOLS)).toEqual([GET_PODS, { name: 'k8s_logs', arguments: { name: 'web' } }]);
  });

  it('recognise a {"tool_calls": [...]} wrapper', () => {
    const text =
      '{"tool_calls": [{"function": {"name": "k8s_get", "arguments": {"kind": "pod", "namespace": "shop"}}}, {"name": "k8s_logs"}]}';
    expect(callsWrittenAsText(text, TOOLS)).toEqual([GET_PODS, { name: 'k8s_logs', arguments: {} }]);
  });

  it.each<[string, string]>([
    ['names a tool that does not exist', '{"name": "kubectl", "arguments": {"command": "get pods"}}'],
    ['mixes a real tool with an unknown one', '[{"name": "k8s_get", "arguments": {}}, {"name": "shell", "arguments": {}}]'],
    ['is prose containing JSON', 'I will run {"name": "k8s_get", "arguments": {"kind": "pod"}} for you.'],
    ['is JSON that is not a call', '{"pods": 3, "ready": 2}'],
    ['is an object naming something that is not a tool', '{"name": "web", "namespace": "shop"}'],
    ['is an empty array', '[]'],
    ['is an empty tool_calls list', '{"tool_calls": []}'],
    ['has arguments that are not an object', '{"name": "k8s_get", "arguments": "kind=pod"}'],
    ['is broken JSON', '{"name": "k8s_get", "arguments": {"kind": "pod"'],
    ['is a fenced YAML block', '```yaml\nname: k8s_get\n```'],
    ['is an ordinary answer', 'The pods in shop are all running.'],
  ])('are not found when the text %s', (_case, text) => {
    expect(callsWrittenAsText(text, TOOLS)).toBeUndefined();
  });
});

describe('whether streamed text might still be a call', () => {
  it.each<[string, boolean]>([
    ['', true],
    [' ', true],
    ['{', true],
    ['  {"na', true],
    ['[', true],
    ['[{"name"', true],
    ['`', true],
    ['```', true],
    ['```j', true],
    ['```json', true],
    ['```json\n', true],
    ['```json\n{', true],
    ['```\n{', true],
    ['```\n[', true],
    ['```yaml', false],
    ['```js\n', false],
    ['```\nkubectl get pods', false],
    ['```json\nThe', false],
    ['The pods', false],
    ['`kubectl`', false],
    ['[Note] the pods are pending', false],
    ['{{ .Values.image.tag }} is set in values.yaml', false],
  ])('%j → %s', (prefix, expected) => {
    expect(mightBeCallText(prefix)).toBe(expected);
  });
});

describe('held answer text', () => {
  function collector() {
    const released: string[] = [];
    return { released, held: new HeldText((text) => released.push(text)) };
  }

  it('releases ordinary text as soon as it cannot be a call, then streams the rest as it comes', () => {
    const { released, held } = collector();
    held.push(' ');
    expect(released).toEqual([]);
    held.push('The');
    expect(released).toEqual([' The']);
    held.push(' pods');
    held.push(' are running.');
    expect(released).toEqual([' The', ' pods', ' are running.']);
  });

  it('releases text that opens like JSON as soon as it cannot open a call', () => {
    const { released, held } = collector();
    held.push('{');
    expect(released).toEqual([]);
    held.push('{ .Values.image.tag }}');
    expect(released).toEqual(['{{ .Values.image.tag }}']);
  });

  it('holds text that looks like a call, and releases nothing when the reply was a call', () => {
    const { released, held } = collector();
    for (const piece of ['```json\n', '{"name": "k8s_get", ', '"arguments": {"kind": "pod"}}', '\n```']) held.push(piece);
    expect(released).toEqual([]);
  });

  it('releases everything held, once, when flushed', () => {
    const { released, held } = collector();
    held.push('{"pods"');
    held.push(': 3}');
    held.flush();
    held.flush();
    expect(released).toEqual(['{"pods": 3}']);
  });

  it('passes pieces after a flush straight on', () => {
    const { released, held } = collector();
    held.flush();
    held.push('{"not": "held"}');
    expect(released).toEqual(['{"not": "held"}']);
  });
});

function tool(inputSchema: Record<string, unknown>): RoutedTool {
  return {
    name: 'k8s_scale',
    description: 'Scale a workload',
    inputSchema,
    readOnly: false,
    plans: true,
    remoteName: 'k8s_scale',
    server: { prefix: '', label: 'Drover', url: 'http://127.0.0.1:3000/mcp', token: 't', isDrover: true },
  };
}

const SCALE = tool({
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['deployment', 'statefulset'], description: 'Workload kind' },
    name: { type: 'string', description: 'Workload name' },
    replicas: { type: 'integer', description: 'Desired replicas' },
    ratio: { type: 'number' },
    wait: { type: 'boolean' },
    containers: { type: 'array', items: { type: 'string' } },
    labels: { type: 'object' },
    note: { type: ['string', 'null'] },
  },
  required: ['kind', 'name', 'replicas'],
});
const BASE = { kind: 'deployment', name: 'web', replicas: 3 };

describe('preparing arguments', () => {
  it.each<[string, string, unknown, unknown]>([
    ['an integer', 'replicas', '5', 5],
    ['a negative number', 'ratio', '-0.5', -0.5],
    ['a boolean', 'wait', 'true', true],
    ['a capitalised boolean', 'wait', 'FALSE', false],
    ['an array', 'containers', '["a","b"]', ['a', 'b']],
    ['an object', 'labels', '{"a":1}', { a: 1 }],
    ['a single value where a list is expected', 'containers', 'app', ['app']],
  ])('turns %s sent as a string into its type', (_what, key, sent, expected) => {
    expect(prepareArguments(SCALE, { ...BASE, [key]: sent })).toEqual({ ok: true, arguments: { ...BASE, [key]: expected } });
  });

  it.each<[string, string, unknown]>([
    ['text that is not a number', 'replicas', 'five'],
    ['text that is not a boolean', 'wait', 'yes'],
    ['broken JSON where an object is expected', 'labels', '{"a":'],
    ['a string where a string may be sent', 'note', '5'],
    ['an argument the schema does not know', 'extra', '5'],
    ['a value that already has its type', 'replicas', 7],
  ])('leaves %s as it is', (_what, key, sent) => {
    expect(prepareArguments(SCALE, { ...BASE, [key]: sent })).toEqual({ ok: true, arguments: { ...BASE, [key]: sent } });
  });

  it('drops null arguments the model meant to leave out', () => {
    expect(prepareArguments(SCALE, { ...BASE, note: null, wait: undefined })).toEqual({ ok: true, arguments: BASE });
  });

  it('names a missing required argument with its type, its allowed values and its description', () => {
    expect(prepareArguments(SCALE, { name: 'web', replicas: 3 })).toEqual({
      ok: false,
      problem: 'k8s_scale needs `kind` (string: one of deployment, statefulset): Workload kind. Call it again with this.',
    });
  });

  it('names every missing argument, counting null and empty text as missing', () => {
    expect(prepareArguments(SCALE, { kind: 'deployment', name: '', replicas: null })).toEqual({
      ok: false,
      problem: 'k8s_scale needs `name` (string): Workload name; `replicas` (integer): Desired replicas. Call it again with these.',
    });
  });

  it('works for a tool whose schema declares no properties', () => {
    expect(prepareArguments(tool({ type: 'object', required: ['q'] }), {})).toEqual({
      ok: false,
      problem: 'k8s_scale needs `q` (value). Call it again with this.',
    });
  });
});

describe('call keys', () => {
  it('are the same whatever order the arguments were written in, at any depth', () => {
    expect(callKey('k8s_apply', { namespace: 'shop', manifest: { kind: 'ConfigMap', data: { b: '2', a: '1' } } })).toBe(
      callKey('k8s_apply', { manifest: { data: { a: '1', b: '2' }, kind: 'ConfigMap' }, namespace: 'shop' }),
    );
  });

  it('tell apart different tools, values and list orders', () => {
    const key = callKey('k8s_get', { kind: 'pod', names: ['a', 'b'] });
    expect(callKey('k8s_describe', { kind: 'pod', names: ['a', 'b'] })).not.toBe(key);
    expect(callKey('k8s_get', { kind: 'pod', names: ['a', 'c'] })).not.toBe(key);
    expect(callKey('k8s_get', { kind: 'pod', names: ['b', 'a'] })).not.toBe(key);
  });

  it('sort keys inside objects that sit in lists', () => {
    expect(callKey('t', { items: [{ b: 1, a: 2 }] })).toBe(callKey('t', { items: [{ a: 2, b: 1 }] }));
  });
});
