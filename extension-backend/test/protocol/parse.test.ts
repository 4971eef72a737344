import {
  ApprovalRequestSchema,
  ChatRequestSchema,
  FeedbackRequestSchema,
  MAX_ATTACHMENT_CHARS,
  MAX_MESSAGE_CHARS,
  parseClientMessage,
  parseServerEvent,
  ServerEventSchema,
  type ServerEvent,
} from '@drover/protocol';

describe('client messages', () => {
  it("accepts a chat message with the user's context", () => {
    const parsed = parseClientMessage(
      JSON.stringify({
        type: 'chat',
        text: 'why is checkout crash-looping?',
        context: { cluster: 'local', namespace: 'shop' },
      }),
    );
    expect(parsed).toEqual({
      ok: true,
      value: { type: 'chat', text: 'why is checkout crash-looping?', context: { cluster: 'local', namespace: 'shop' } },
    });
  });

  it('refuses text that is not JSON, with a reason', () => {
    expect(parseClientMessage('scale web to 5')).toEqual({ ok: false, error: 'not valid JSON' });
  });

  it('refuses an unknown message type', () => {
    const parsed = parseClientMessage(JSON.stringify({ type: 'approve_all' }));
    expect(parsed.ok).toBe(false);
  });

  it('refuses an over-long message instead of cutting it', () => {
    const parsed = parseClientMessage(JSON.stringify({ type: 'chat', text: 'x'.repeat(MAX_MESSAGE_CHARS + 1) }));
    expect(parsed).toEqual({ ok: false, error: expect.stringContaining('at text') });
  });

  it('accepts a resume after a reconnect, defaulting to the start', () => {
    expect(parseClientMessage(JSON.stringify({ type: 'resume', sessionId: 's1' }))).toEqual({
      ok: true,
      value: { type: 'resume', sessionId: 's1', afterSeq: 0 },
    });
  });

  it('refuses an empty chat message', () => {
    expect(parseClientMessage(JSON.stringify({ type: 'chat', text: '   ' })).ok).toBe(false);
  });

  it('accepts a chat message with a model, objects and attachments', () => {
    const message = {
      type: 'chat',
      text: 'why?',
      model: 'llama3.2:3b',
      context: {
        resources: [{ kind: 'Pod', name: 'web-1', namespace: 'shop' }],
        attachments: [{ kind: 'logs', title: '2 lines', text: 'a\nb' }],
      },
    };
    expect(parseClientMessage(JSON.stringify(message))).toEqual({ ok: true, value: message });
  });

  it('refuses an attachment longer than one question may carry, naming where', () => {
    const message = {
      type: 'chat',
      text: 'why?',
      context: { attachments: [{ kind: 'logs', title: 't', text: 'x'.repeat(MAX_ATTACHMENT_CHARS + 1) }] },
    };
    expect(parseClientMessage(JSON.stringify(message))).toEqual({
      ok: false,
      error: expect.stringContaining('at context.attachments.0.text'),
    });
  });

  it('accepts feedback on a turn and refuses a rating other than up or down', () => {
    expect(parseClientMessage(JSON.stringify({ type: 'feedback', sessionId: 's', turnId: 't', rating: 'up' })).ok).toBe(true);
    expect(parseClientMessage(JSON.stringify({ type: 'feedback', sessionId: 's', turnId: 't', rating: 'meh' }))).toEqual({
      ok: false,
      error: expect.stringContaining('at rating'),
    });
  });

  it('derives the HTTP bodies from the messages: an approval answer is the approve or deny message with its decision', () => {
    expect(ApprovalRequestSchema.safeParse({ decision: 'approve', rememberForSession: true }).success).toBe(true);
    expect(ApprovalRequestSchema.safeParse({ decision: 'deny', reason: 'not now' }).success).toBe(true);
    expect(ApprovalRequestSchema.safeParse({ decision: 'maybe' }).success).toBe(false);
    expect(ChatRequestSchema.safeParse({ text: 'hi', model: 'qwen3:8b' }).success).toBe(true);
    expect(FeedbackRequestSchema.safeParse({ rating: 'down', comment: 'x'.repeat(1001) }).success).toBe(false);
  });

  it('names the field that is wrong in an approval', () => {
    const parsed = parseClientMessage(JSON.stringify({ type: 'approve', approvalId: 42 }));
    expect(parsed).toEqual({ ok: false, error: expect.stringContaining('at approvalId') });
  });
});

describe('server events', () => {
  const events: ServerEvent[] = [
    { type: 'session', sessionId: 's1', resumed: false },
    { type: 'turn_start', sessionId: 's1', turnId: 't1', model: 'qwen3:8b', text: 'why is checkout crash-looping?', direct: false, seq: 1 },
    { type: 'token', turnId: 't1', text: 'Checking' },
    { type: 'thinking', turnId: 't1', text: 'The user wants…' },
    { type: 'tool_call', turnId: 't1', callId: 'c1', tool: 'k8s_scale', arguments: { name: 'web', replicas: 5 }, readOnly: false },
    {
      type: 'approval_required',
      turnId: 't1',
      approvalId: 'a1',
      callId: 'c1',
      tool: 'k8s_scale',
      arguments: { name: 'web', replicas: 5 },
      plan: { command: 'kubectl scale deployment/web --replicas=5 -n shop', diff: '-  replicas: 2\n+  replicas: 5', warnings: [] },
      expiresAt: '2026-11-21T10:00:00Z',
      namespace: 'shop',
      canRemember: true,
    },
    { type: 'approval_resolved', turnId: 't1', approvalId: 'a1', decision: 'approved', by: 'user' },
    { type: 'model_fallback', turnId: 't1', from: 'qwen3:8b', to: 'llama3.2:3b', reason: 'model not found' },
    { type: 'model_pull', model: 'qwen3:8b', status: 'pulling manifest', completed: 10, total: 100 },
    {
      type: 'tool_result',
      turnId: 't1',
      callId: 'c1',
      tool: 'k8s_scale',
      isError: false,
      summary: 'scaled',
      durationMs: 840,
      structured: {
        kind: 'change',
        tool: 'k8s_scale',
        command: 'kubectl scale deployment/web --replicas=5 -n shop',
        output: 'scaled',
        objects: [],
      },
    },
    { type: 'feedback', turnId: 't1', rating: 'down', comment: 'it scaled the wrong deployment' },
    { type: 'error', turnId: 't1', code: 'model_unavailable', message: 'Ollama is not reachable', retryable: true },
    { type: 'turn_end', turnId: 't1', reason: 'answered', tokens: { prompt: 812, completion: 64 }, durationMs: 1530 },
    { type: 'pong' },
  ];

  it.each(events.map((e) => [e.type, e]))('round-trips a %s event', (_type, event) => {
    expect(parseServerEvent(JSON.stringify(event))).toEqual({ ok: true, value: event });
  });

  it('covers every event type the schema defines', () => {
    const defined = ServerEventSchema.options.map((o) => o.shape.type.value).sort();
    expect(events.map((e) => e.type).sort()).toEqual(defined);
  });

  it('refuses a view of a kind the UI has no renderer for', () => {
    const unknown = {
      type: 'tool_result',
      turnId: 't',
      callId: 'c',
      tool: 'k8s_get',
      isError: false,
      summary: 's',
      structured: { kind: 'diff' },
    };
    expect(parseServerEvent(JSON.stringify(unknown))).toEqual({ ok: false, error: expect.stringContaining('at structured.kind') });
  });

  it("keeps another MCP server's structured content untyped, as data", () => {
    const other = {
      type: 'tool_result',
      turnId: 't',
      callId: 'c',
      tool: 'gh_issues',
      isError: false,
      summary: 's',
      data: { issues: [{ id: 1 }] },
    };
    expect(parseServerEvent(JSON.stringify(other))).toEqual({ ok: true, value: other });
  });

  it('refuses a turn_end with negative token counts', () => {
    const bad = { type: 'turn_end', turnId: 't', reason: 'answered', tokens: { prompt: -1, completion: 0 }, durationMs: 1 };
    expect(parseServerEvent(JSON.stringify(bad))).toEqual({ ok: false, error: expect.stringContaining('at tokens.prompt') });
  });
});
