// How events and views look in the terminal: the renderer writing into real streams, a terminal faked only by the
// stream's isTTY/columns (what Node sets for a TTY), colours judged by their ANSI codes.
import { PassThrough } from 'node:stream';
import type { ServerEvent, View } from '@drover/protocol';
import { outputFor, type Output } from '../../src/cli/output';
import { EventRenderer, formatArguments } from '../../src/cli/render';
import { viewLines } from '../../src/cli/render-views';

const GREEN = '\u001b[32m';
const RED = '\u001b[31m';

interface Captured {
  output: Output;
  text(): string;
}

function capture(terminal?: { columns: number }, env: NodeJS.ProcessEnv = {}): Captured {
  const stream = Object.assign(new PassThrough(), terminal ? { isTTY: true, columns: terminal.columns } : {});
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { output: outputFor(stream as unknown as NodeJS.WriteStream, env), text: () => text };
}

const plain = capture().output.style;
const turnId = 't1';

function render(events: ServerEvent[], options = { thinking: false, replay: false }) {
  const out = capture();
  const err = capture();
  const renderer = new EventRenderer(out.output, err.output, options);
  for (const event of events) renderer.event(event);
  return { stdout: out.text(), stderr: err.text() };
}

const podRows = (n: number) => Array.from({ length: n }, (_, i) => ({ cells: [`web-${i}`, i % 2 ? 'Running' : 'Pending'] }));

describe('a table view', () => {
  it('aligns its columns and shows at most 20 rows, saying how many more there are', () => {
    const lines = viewLines({ kind: 'table', resource: 'pods', columns: ['NAME', 'STATUS'], rows: podRows(25), truncated: false }, plain);
    expect(lines[0]).toBe('NAME    STATUS');
    expect(lines[1]).toBe('web-0   Pending');
    expect(lines[11]).toBe('web-10  Pending');
    expect(lines).toHaveLength(22);
    expect(lines[21]).toBe('… 5 more pods');
  });

  it('says when the server fetched only part of the result', () => {
    const lines = viewLines(
      { kind: 'table', resource: 'pods', columns: ['NAME', 'STATUS'], rows: podRows(2), total: 120, truncated: true },
      plain,
    );
    expect(lines.at(-1)).toBe('(2 of 120 pods fetched)');
  });

  it('cuts the last column to the terminal width', () => {
    const long = 'word '.repeat(40).trim();
    const [, row] = viewLines(
      { kind: 'table', resource: 'tools', columns: ['NAME', 'DESCRIPTION'], rows: [{ cells: ['k8s_get', long] }], truncated: false },
      plain,
      40,
    );
    expect(row).toHaveLength(40);
    expect(row.endsWith('…')).toBe(true);
  });
});

describe('other views', () => {
  it('shows the last 50 log lines and says how many earlier ones were left out', () => {
    const view: View = {
      kind: 'logs',
      ref: { kind: 'Pod', name: 'web-0' },
      previous: false,
      filteredOut: 3,
      truncated: false,
      lines: Array.from({ length: 60 }, (_, i) => ({ text: `line ${i}` })),
    };
    const lines = viewLines(view, plain);
    expect(lines[0]).toBe('… 10 earlier lines not shown');
    expect(lines[1]).toBe('line 10');
    expect(lines.at(-2)).toBe('line 59');
    expect(lines.at(-1)).toBe('(3 lines filtered out)');
  });

  it('lists findings with their evidence and fix, and what could not be checked', () => {
    const lines = viewLines(
      {
        kind: 'findings',
        checked: { pods: 4 },
        unchecked: [{ kind: 'secrets', reason: 'forbidden' }],
        truncated: false,
        findings: [
          {
            ref: { kind: 'Pod', name: 'web-0' },
            severity: 'critical',
            problem: 'CrashLoopBackOff',
            evidence: ['exit code 1'],
            fix: 'Check the logs.',
          },
        ],
      },
      plain,
    );
    expect(lines).toEqual([
      'critical pod/web-0: CrashLoopBackOff',
      '    exit code 1',
      '    fix: Check the logs.',
      '! not checked: secrets (forbidden)',
    ]);
  });
});

describe('colours', () => {
  const plan: ServerEvent = {
    type: 'approval_required',
    turnId,
    approvalId: 'a1',
    callId: 'c1',
    tool: 'k8s_scale',
    arguments: {},
    namespace: 'shop',
    expiresAt: new Date().toISOString(),
    canRemember: true,
    plan: { command: 'kubectl scale deployments.apps/web --replicas=3', diff: '-  replicas: 2\n+  replicas: 3', warnings: [] },
  };

  it('colours a diff green and red on a terminal', () => {
    const out = capture({ columns: 80 });
    new EventRenderer(out.output, capture().output, { thinking: false, replay: false }).event(plan);
    expect(out.text()).toContain(`${RED}-  replicas: 2`);
    expect(out.text()).toContain(`${GREEN}+  replicas: 3`);
  });

  it('uses none with NO_COLOR, or when not writing to a terminal', () => {
    for (const out of [capture({ columns: 80 }, { NO_COLOR: '1' }), capture()]) {
      new EventRenderer(out.output, capture().output, { thinking: false, replay: false }).event(plan);
      expect(out.text()).toContain('  -  replicas: 2\n  +  replicas: 3\n');
      expect(out.text()).not.toContain('\u001b[');
    }
  });
});

describe('a turn', () => {
  const streamed: ServerEvent[] = [
    { type: 'turn_start', sessionId: 's1', turnId, text: 'why?', direct: false },
    { type: 'thinking', turnId, text: 'Let me look.' },
    { type: 'token', turnId, text: 'Checking' },
    {
      type: 'tool_call',
      turnId,
      callId: 'c1',
      tool: 'k8s_logs',
      arguments: { name: 'web-0', namespace: 'shop', tail: 20 },
      readOnly: true,
    },
    {
      type: 'tool_result',
      turnId,
      callId: 'c1',
      tool: 'k8s_logs',
      isError: true,
      summary: 'pods "web-0" not found',
      commands: ['kubectl logs web-0'],
    },
    { type: 'token', turnId, text: 'It is gone.' },
    {
      type: 'turn_end',
      turnId,
      reason: 'step_limit',
      notice: 'Stopped after 8 steps.',
      tokens: { prompt: 1, completion: 1 },
      durationMs: 5,
    },
  ];

  it('puts tool calls on their own line between streamed text, hides thinking, and reports an early end on stderr', () => {
    expect(render(streamed)).toEqual({
      stdout:
        'Checking\n→ k8s_logs {name: web-0, namespace: shop, tail: 20}\n  $ kubectl logs web-0\n  ✗ pods "web-0" not found\nIt is gone.\n',
      stderr: 'turn ended (step_limit): Stopped after 8 steps.\n',
    });
  });

  it("shows thinking when asked, and the user's messages when replaying a session", () => {
    const { stdout, stderr } = render(streamed, { thinking: true, replay: true });
    expect(stdout.startsWith('› why?\nLet me look.\nChecking\n')).toBe(true);
    expect(stdout.endsWith('It is gone.\nturn ended (step_limit): Stopped after 8 steps.\n')).toBe(true);
    expect(stderr).toBe('');
  });

  it('writes arguments compactly, quoting only what needs it', () => {
    expect(formatArguments({ kind: 'pod', selector: 'app=web,tier in (a,b)', labels: { a: '1' } })).toBe(
      '{kind: pod, selector: "app=web,tier in (a,b)", labels: {"a":"1"}}',
    );
  });
});
