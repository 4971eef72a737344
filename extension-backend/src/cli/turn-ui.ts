// How `ask` and `chat` show a turn: the transcript (or NDJSON with --json), the approval prompt, and notices.
import type { ChatContext } from '@drover/protocol';
import { ApprovalPrompter } from './approvals';
import type { CliContext } from './context';
import { LineReader } from './lines';
import type { OptionValues } from './options';
import { EventRenderer } from './render';
import type { TurnUi } from './turn';

/** Lines from stdin; on a terminal, readline's Ctrl-C counts as an interrupt. */
export function openLineReader(ctx: CliContext, echo: NodeJS.WriteStream): LineReader {
  return new LineReader(ctx.stdin, echo, ctx.stdin.isTTY === true, (readline) => ctx.interrupts.watch(readline));
}

/** Who may answer approvals: a person at a terminal, or stdin when the user asked for that. */
export function mayAnswerFrom(reader: LineReader, options: OptionValues): LineReader | undefined {
  return reader.isTerminal || options['answers-from-stdin'] ? reader : undefined;
}

export function chatContextOf(options: OptionValues): ChatContext | undefined {
  if (!options.namespace && !options.cluster) return undefined;
  return { ...(options.cluster ? { cluster: options.cluster } : {}), ...(options.namespace ? { namespace: options.namespace } : {}) };
}

/** Connection notices (reconnecting…) and the like: dimmed, on stderr. */
export function noticeWriter(ctx: CliContext): (text: string) => void {
  return (text) => ctx.err.write(ctx.err.style.dim(`${text}\n`));
}

export function createTurnUi(ctx: CliContext, options: OptionValues, answers: () => LineReader | undefined): TurnUi {
  const isJson = options.json === true;
  const renderer = new EventRenderer(ctx.out, ctx.err, { thinking: options.thinking === true, replay: false });
  return {
    show: isJson ? (_event, raw) => ctx.out.write(`${raw}\n`) : (event) => renderer.event(event),
    // With --json, stdout carries only events: the plan and the question go to stderr.
    approvals: new ApprovalPrompter(isJson ? ctx.err : ctx.out, { answers, showsPlan: isJson }),
    interrupts: ctx.interrupts,
    notice: noticeWriter(ctx),
  };
}
