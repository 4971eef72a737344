// drover chat: a conversation at the prompt. Each line is a turn (/commands included: the backend runs them);
// Ctrl-C cancels a running turn, `exit` or Ctrl-D quits. The session id is printed so it can be resumed later.
import { SessionDetailSchema } from '@drover/protocol';
import { ChatConnection } from '../connection';
import { EXIT, usageError } from '../errors';
import { runTurn, type TurnUi } from '../turn';
import { chatContextOf, createTurnUi, mayAnswerFrom, noticeWriter, openLineReader } from '../turn-ui';
import type { Command } from './command';

const PROMPT = '› ';
const QUIT_WORDS = new Set(['exit', 'quit']);

export const chat: Command = {
  name: 'chat',
  usage: ['chat [--session ID] [--namespace NS] [--cluster ID] [--thinking] [--answers-from-stdin]'],
  summary: 'Talk with Drover at the prompt, one turn per line; `exit` or Ctrl-D quits.',
  options: ['session', 'namespace', 'cluster', 'thinking', 'answers-from-stdin'],
  async run(args, options, ctx) {
    if (args.length) throw usageError('chat takes no arguments; type your questions at its prompt');
    const { style } = ctx.out;
    let sessionId = options.session;
    if (sessionId) {
      const { session } = await ctx.api.json('GET', `/api/sessions/${encodeURIComponent(sessionId)}`, SessionDetailSchema);
      ctx.out.write(style.dim(`Continuing session ${session.id}: ${session.title}\n`));
    }
    const connection = await ChatConnection.open(ctx.api, noticeWriter(ctx));
    const reader = openLineReader(ctx, ctx.stdout);
    const plain = createTurnUi(ctx, options, () => mayAnswerFrom(reader, options));
    const ui: TurnUi = {
      ...plain,
      show(event, raw) {
        if (event.type === 'session' && !sessionId) {
          sessionId = event.sessionId;
          ctx.out.write(style.dim(`Session ${sessionId} (continue it later: drover chat --session ${sessionId})\n`));
        }
        plain.show(event, raw);
      },
    };
    if (reader.isTerminal)
      ctx.out.write(style.dim(`Connected to ${ctx.api.baseUrl.origin}. /help lists direct commands; exit or Ctrl-D quits.\n`));
    try {
      for (;;) {
        const line = await reader.next(PROMPT);
        if (line === undefined) break;
        const text = line.trim();
        if (QUIT_WORDS.has(text)) break;
        if (!text) continue;
        if (!reader.isTerminal) ctx.out.write(style.bold(`${PROMPT}${text}\n`)); // piped input: the transcript shows what was asked
        await runTurn(connection, { text, sessionId, context: chatContextOf(options) }, ui);
      }
    } finally {
      connection.close();
      reader.close();
    }
    return EXIT.ok;
  },
};
