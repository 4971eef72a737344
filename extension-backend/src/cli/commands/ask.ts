// drover ask "question": one turn, streamed to the terminal (or as NDJSON with --json).
import { ChatConnection } from '../connection';
import { usageError } from '../errors';
import type { LineReader } from '../lines';
import { runTurn } from '../turn';
import { chatContextOf, createTurnUi, openLineReader } from '../turn-ui';
import type { Command } from './command';

export const ask: Command = {
  name: 'ask',
  usage: ['ask "question" [--session ID] [--namespace NS] [--cluster ID] [--thinking] [--json] [--answers-from-stdin]'],
  summary: 'Ask one question (or run one /command) and print the answer as it streams.',
  options: ['session', 'namespace', 'cluster', 'thinking', 'json', 'answers-from-stdin'],
  async run(args, options, ctx) {
    const text = args.join(' ').trim();
    if (!text) throw usageError('ask needs a question, e.g. drover ask "why does web restart?"');
    // stdin is read only when an approval comes, and only if someone may answer there.
    const mayAnswer = ctx.stdin.isTTY === true || options['answers-from-stdin'] === true;
    let reader: LineReader | undefined;
    const ui = createTurnUi(ctx, options, () => {
      if (mayAnswer) reader ??= openLineReader(ctx, options.json ? ctx.stderr : ctx.stdout);
      return reader;
    });
    const connection = await ChatConnection.open(ctx.api, ui.notice);
    try {
      const outcome = await runTurn(connection, { text, sessionId: options.session, context: chatContextOf(options) }, ui);
      return outcome.exitCode;
    } finally {
      connection.close();
      reader?.close();
    }
  },
};
