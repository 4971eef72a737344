import { MAX_TABLE_ROWS, sessionMarkdown } from '../../src/store/markdown';
import type { SessionRecord, StoredEvent } from '../../src/store/types';

const SESSION: SessionRecord = {
  id: 's1',
  userId: 'u-alice',
  title: 'Scaling web in shop',
  createdAt: '2025-05-01T10:32:07.123Z',
  updatedAt: '2025-05-01T10:40:00.000Z',
};

function scaleTurn(): StoredEvent[] {
  return [
    { type: 'session', sessionId: 's1', resumed: false, seq: 1 },
    { type: 'turn_start', sessionId: 's1', turnId: 't1', text: 'scale web to 3', direct: false, seq: 2 },
    { type: 'thinking', turnId: 't1', text: 'The user wants more replicas.', seq: 3 },
    { type: 'token', turnId: 't1', text: 'Let me check ', seq: 5 },
    { type: 'token', turnId: 't1', text: 'the deployments first.', seq: 6 },
    {
      type: 'tool_call',
      turnId: 't1',
      callId: 'c1',
      tool: 'k8s_list',
      arguments: { kind: 'deployments', namespace: 'shop' },
      readOnly: true,
      command: 'kubectl get deployments -n shop',
      seq: 7,
    },
    {
      type: 'tool_result',
      turnId: 't1',
      callId: 'c1',
      tool: 'k8s_list',
      isError: false,
      summary: '2 deployments in shop',
      seq: 8,
      structured: {
        kind: 'table',
        resource: 'deployments.apps',
        columns: ['NAME', 'READY', 'NOTE'],
        truncated: false,
        rows: [{ cells: ['web', '1/1', 'a|b'] }, { cells: ['api', '2/2', 'line one\nline two'] }],
      },
    },
    {
      type: 'tool_call',
      turnId: 't1',
      callId: 'c2',
      tool: 'k8s_scale',
      arguments: { name: 'web', namespace: 'shop', replicas: 3 },
      readOnly: false,
      command: 'kubectl scale deployment/web --replicas=3 -n shop',
      seq: 9,
    },
    {
      type: 'approval_required',
      turnId: 't1',
      approvalId: 'a1',
      callId: 'c2',
      tool: 'k8s_scale',
      namespace: 'shop',
      canRemember: true,
      arguments: { name: 'web', namespace: 'shop', replicas: 3 },
      expiresAt: '2025-05-01T10:37:00.000Z',
      seq: 10,
      plan: { command: 'kubectl scale deployment/web --replicas=3 -n shop', diff: '-  replicas: 1\n+  replicas: 3', warnings: [] },
    },
    { type: 'approval_resolved', turnId: 't1', approvalId: 'a1', decision: 'approved', by: 'user', seq: 11 },
    {
      type: 'tool_result',
      turnId: 't1',
      callId: 'c2',
      tool: 'k8s_scale',
      isError: false,
      summary: 'deployment.apps/web scaled',
      seq: 12,
      structured: { kind: 'change', tool: 'k8s_scale', command: 'kubectl scale …', output: 'deployment.apps/web scaled', objects: [] },
    },
    { type: 'token', turnId: 't1', text: 'Done: web now runs 3 replicas.', seq: 14 },
    { type: 'turn_end', turnId: 't1', reason: 'answered', tokens: { prompt: 900, completion: 80 }, durationMs: 4200, seq: 15 },
  ];
}

describe('a conversation exported as Markdown', () => {
  it('reads as the turn happened: question, answer, tool calls with results, and the approval', () => {
    expect(sessionMarkdown(SESSION, scaleTurn())).toBe(
      [
        '# Scaling web in shop',
        '_2025-05-01 10:32 UTC_',
        '## You',
        'scale web to 3',
        '## Drover',
        'Let me check the deployments first.',
        '**Tool:** `k8s_list`',
        '```sh\nkubectl get deployments -n shop\n```',
        '**Result:** 2 deployments in shop',
        '| NAME | READY | NOTE |\n| --- | --- | --- |\n| web | 1/1 | a\\|b |\n| api | 2/2 | line one<br>line two |',
        '**Tool:** `k8s_scale`',
        '```sh\nkubectl scale deployment/web --replicas=3 -n shop\n```',
        '**Approval requested** for `k8s_scale` in namespace `shop`',
        '```diff\n-  replicas: 1\n+  replicas: 3\n```',
        '_Approved by you._',
        '**Result:** deployment.apps/web scaled',
        'Done: web now runs 3 replicas.',
      ].join('\n\n') + '\n',
    );
  });

  it("leaves out the model's thinking", () => {
    expect(sessionMarkdown(SESSION, scaleTurn())).not.toContain('more replicas');
  });

  it('caps long tables with a note', () => {
    const rows = Array.from({ length: MAX_TABLE_ROWS + 7 }, (_, i) => ({ cells: [`pod-${i}`] }));
    const markdown = sessionMarkdown(SESSION, [
      {
        type: 'tool_result',
        turnId: 't1',
        callId: 'c1',
        tool: 'k8s_list',
        isError: false,
        summary: `${rows.length} pods`,
        seq: 1,
        structured: { kind: 'table', resource: 'pods', columns: ['NAME'], rows, truncated: false },
      },
    ]);
    expect(markdown).toContain(`| pod-${MAX_TABLE_ROWS - 1} |`);
    expect(markdown).not.toContain(`| pod-${MAX_TABLE_ROWS} |`);
    expect(markdown).toContain(`_First ${MAX_TABLE_ROWS} of ${MAX_TABLE_ROWS + 7} rows shown._`);
  });

  it('writes YAML and logs as code blocks that their content cannot close', () => {
    const markdown = sessionMarkdown(SESSION, [
      {
        type: 'tool_result',
        turnId: 't1',
        callId: 'c1',
        tool: 'k8s_get',
        isError: false,
        summary: 'deployment web',
        seq: 1,
        structured: { kind: 'yaml', format: 'yaml', text: 'metadata:\n  name: web\n', truncated: false },
      },
      {
        type: 'tool_result',
        turnId: 't1',
        callId: 'c2',
        tool: 'k8s_logs',
        isError: false,
        summary: '2 lines',
        seq: 2,
        structured: {
          kind: 'logs',
          ref: { kind: 'Pod', name: 'web-1' },
          previous: false,
          filteredOut: 0,
          truncated: false,
          lines: [{ text: 'started' }, { text: 'oops ``` in a log' }],
        },
      },
    ]);
    expect(markdown).toContain('```yaml\nmetadata:\n  name: web\n```');
    expect(markdown).toContain('````text\nstarted\noops ``` in a log\n````');
  });

  it('shows a tool call without a known command as its arguments', () => {
    const markdown = sessionMarkdown(SESSION, [
      {
        type: 'tool_call',
        turnId: 't1',
        callId: 'c1',
        tool: 'k8s_diagnose',
        arguments: { namespace: 'shop' },
        readOnly: true,
        seq: 1,
      },
    ]);
    expect(markdown).toContain('**Tool:** `k8s_diagnose`\n\n```json\n{\n  "namespace": "shop"\n}\n```');
  });

  it('says when an approval was denied or expired, when a tool or the turn failed, and why a turn ended early', () => {
    const markdown = sessionMarkdown(SESSION, [
      { type: 'approval_resolved', turnId: 't1', approvalId: 'a1', decision: 'denied', by: 'user', seq: 1 },
      { type: 'approval_resolved', turnId: 't1', approvalId: 'a2', decision: 'expired', by: 'timeout', seq: 2 },
      { type: 'approval_resolved', turnId: 't1', approvalId: 'a3', decision: 'approved', by: 'session-rule', seq: 3 },
      { type: 'tool_result', turnId: 't1', callId: 'c1', tool: 'k8s_get', isError: true, summary: 'pods "web-9" not found', seq: 4 },
      { type: 'error', turnId: 't1', code: 'model_unavailable', message: 'The model did not answer.', retryable: true, seq: 5 },
      { type: 'turn_end', turnId: 't1', reason: 'step_limit', tokens: { prompt: 1, completion: 1 }, durationMs: 10, seq: 6 },
    ]);
    expect(markdown).toContain('_Denied by you._');
    expect(markdown).toContain('_Expired without an answer._');
    expect(markdown).toContain('_Approved by a rule you set earlier in this session._');
    expect(markdown).toContain('**Tool failed:** pods "web-9" not found');
    expect(markdown).toContain('**Error:** The model did not answer.');
    expect(markdown).toContain('_The turn stopped at the step limit._');
  });
});
