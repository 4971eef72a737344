// Chat events as a terminal transcript: the answer streamed as it comes, each tool call on one line with the
// commands it ran, its result as a view, plans of changes with their diff, and problems on stderr. The same
// renderer replays a stored session (`drover sessions show`), with the user's messages added.
import { ViewSchema, type EventOf, type ServerEvent } from '@drover/protocol';
import type { Output } from './output';
import { planLines, viewLines } from './render-views';

const MAX_ARGS_CHARS = 200;
const MAX_COMMANDS = 5;

export interface RenderOptions {
  /** Show the model's thinking, dimmed (hidden otherwise). */
  thinking: boolean;
  /** Replaying a stored session: the user's messages are shown, and problems go to stdout with the rest. */
  replay: boolean;
}

const plainValue = (value: unknown) =>
  (typeof value === 'string' && /^[\w./:@*-]+$/.test(value)) || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);

/** Tool arguments as `{kind: pod, namespace: shop}`: readable, and short. */
export function formatArguments(args: Record<string, unknown>): string {
  const text = `{${Object.entries(args)
    .map(([key, value]) => `${key}: ${plainValue(value)}`)
    .join(', ')}}`;
  return text.length <= MAX_ARGS_CHARS ? text : `${text.slice(0, MAX_ARGS_CHARS - 2)}…}`;
}

function decisionText(event: EventOf<'approval_resolved'>): string {
  if (event.decision === 'approved')
    return event.by === 'session-rule' ? 'approved by your rule for this tool in this namespace' : 'approved';
  return event.decision === 'expired' ? 'expired without an answer: not run' : 'denied: not run';
}

export class EventRenderer {
  /** The last text written did not end its line (a streamed answer, or thinking). */
  private stream?: 'token' | 'thinking';
  private pullStatus?: string;
  /** The turn is a /command: its tool result is the answer, so a failed one is an error. */
  private isDirect = false;

  constructor(
    private readonly out: Output,
    private readonly err: Output,
    private readonly options: RenderOptions,
  ) {}

  event(event: ServerEvent): void {
    const { style } = this.out;
    switch (event.type) {
      case 'turn_start':
        this.isDirect = event.direct;
        if (this.options.replay) this.lines([style.cyan(style.bold(`› ${event.text}`))], '');
        return;
      case 'token':
      case 'thinking':
        return this.streamText(event);
      case 'tool_call':
        this.lines([`${style.cyan('→')} ${style.bold(event.tool)} ${formatArguments(event.arguments)}`], '');
        if (event.command) this.lines([style.dim(`$ ${event.command}`)]);
        return;
      case 'tool_result':
        return this.toolResult(event);
      case 'approval_required':
        return this.lines([
          style.yellow(`! ${event.tool} wants to change${event.namespace ? ` namespace ${event.namespace}` : ' the cluster'}:`),
          ...planLines(event.plan, style),
        ]);
      case 'approval_resolved':
        return this.lines([
          event.decision === 'approved' ? style.green(`✓ ${decisionText(event)}`) : style.red(`✗ ${decisionText(event)}`),
        ]);
      case 'model_fallback':
        return this.problem(this.problems.style.yellow(`model ${event.from} failed (${event.reason}); answering with ${event.to}`));
      case 'model_pull':
        return this.pullProgress(event);
      case 'error':
        return this.problem(this.problems.style.red(`error: ${event.message}`));
      case 'turn_end':
        this.endLine();
        if (event.reason !== 'answered')
          this.problem(this.problems.style.yellow(`turn ended (${event.reason})${event.notice ? `: ${event.notice}` : ''}`));
        return;
      case 'session':
      case 'pong':
        return;
    }
  }

  private get problems(): Output {
    return this.options.replay ? this.out : this.err;
  }

  private streamText(event: EventOf<'token'> | EventOf<'thinking'>): void {
    if (event.type === 'thinking' && !this.options.thinking) return;
    if (this.stream && this.stream !== event.type) this.endLine();
    this.out.write(event.type === 'thinking' ? this.out.style.dim(event.text) : event.text);
    this.stream = event.text.endsWith('\n') ? undefined : event.type;
  }

  private toolResult(event: EventOf<'tool_result'>): void {
    const { style } = this.out;
    const commands = event.commands ?? [];
    const ran = commands.slice(0, MAX_COMMANDS).map((c) => style.dim(`$ ${c}`));
    if (commands.length > MAX_COMMANDS) ran.push(style.dim(`… ${commands.length - MAX_COMMANDS} more commands`));
    if (event.isError && this.isDirect) {
      this.lines(ran);
      return this.problem(this.problems.style.red(`error: ${event.summary}`));
    }
    const view = event.isError ? undefined : ViewSchema.safeParse(event.structured);
    const body = event.isError
      ? [style.red(`✗ ${event.summary}`)]
      : view?.success
        ? viewLines(view.data, style, this.out.columns && this.out.columns - 2)
        : [style.dim(event.summary)];
    this.lines([...ran, ...body]);
  }

  private pullProgress(event: EventOf<'model_pull'>): void {
    if (event.status === this.pullStatus) return;
    this.pullStatus = event.status;
    const percent = event.total ? ` ${Math.floor(((event.completed ?? 0) / event.total) * 100)}%` : '';
    this.problem(this.problems.style.dim(`pulling ${event.model}: ${event.status}${percent}`));
  }

  private endLine(): void {
    if (this.stream) this.out.write('\n');
    this.stream = undefined;
  }

  private lines(lines: string[], indent = '  '): void {
    this.endLine();
    this.out.write(lines.map((line) => `${indent}${line}\n`).join(''));
  }

  private problem(line: string): void {
    this.endLine();
    this.problems.write(`${line}\n`);
  }
}
