// drover sessions: your conversations — list them, replay one, export it as Markdown, rename or delete it.
import { writeFileSync } from 'node:fs';
import { SessionDetailSchema, SessionListSchema, SessionReplySchema } from '@drover/protocol';
import type { CliContext } from '../context';
import { EXIT, usageError } from '../errors';
import { checkOptions, type OptionName, type OptionValues } from '../options';
import { EventRenderer } from '../render';
import { formatTable } from '../table';
import type { Command } from './command';

interface Action {
  usage: string;
  /** How many arguments it takes after its name. */
  arity: number;
  options: OptionName[];
  run(args: string[], options: OptionValues, ctx: CliContext): Promise<void>;
}

const pathOf = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
const printJson = (ctx: CliContext, value: unknown) => ctx.out.write(`${JSON.stringify(value, null, 2)}\n`);

const ACTIONS: Record<string, Action> = {
  list: {
    usage: 'list [--json]',
    arity: 0,
    options: ['json'],
    async run(_args, options, ctx) {
      const { sessions } = await ctx.api.json('GET', '/api/sessions', SessionListSchema);
      if (options.json) return printJson(ctx, sessions);
      if (!sessions.length) return ctx.out.write('No sessions yet: start one with drover ask or drover chat.\n');
      const rows = sessions.map((s) => [s.id, when(s.updatedAt), s.title]);
      ctx.out.write(
        formatTable(['ID', 'UPDATED', 'TITLE'], rows, ctx.out.style, { width: ctx.out.columns })
          .map((l) => `${l}\n`)
          .join(''),
      );
    },
  },
  show: {
    usage: 'show ID [--json]',
    arity: 1,
    options: ['json'],
    async run([id], options, ctx) {
      const detail = await ctx.api.json('GET', pathOf(id), SessionDetailSchema);
      if (options.json) return printJson(ctx, detail);
      const { style } = ctx.out;
      ctx.out.write(
        `${style.bold(detail.session.title)}\n${style.dim(`${detail.session.id} · started ${when(detail.session.createdAt)}`)}\n\n`,
      );
      const renderer = new EventRenderer(ctx.out, ctx.err, { thinking: false, replay: true });
      for (const event of detail.events) renderer.event(event);
    },
  },
  export: {
    usage: 'export ID [-o FILE.md]',
    arity: 1,
    options: ['output'],
    async run([id], options, ctx) {
      const markdown = await ctx.api.text(`${pathOf(id)}/export`);
      if (!options.output) return ctx.out.write(markdown);
      writeFileSync(options.output, markdown);
      ctx.err.write(`Wrote ${options.output}\n`);
    },
  },
  rename: {
    usage: 'rename ID "title"',
    arity: 2,
    options: [],
    async run([id, title], _options, ctx) {
      const { session } = await ctx.api.json('PATCH', pathOf(id), SessionReplySchema, { title });
      ctx.out.write(`Renamed ${session.id} to "${session.title}"\n`);
    },
  },
  delete: {
    usage: 'delete ID',
    arity: 1,
    options: [],
    async run([id], _options, ctx) {
      await ctx.api.request('DELETE', pathOf(id));
      ctx.out.write(`Deleted session ${id}\n`);
    },
  },
};

export const sessions: Command = {
  name: 'sessions',
  usage: Object.values(ACTIONS).map((a) => `sessions ${a.usage}`),
  summary: 'Your conversations: list, replay, export as Markdown, rename, delete.',
  options: ['json', 'output'],
  async run(args, options, ctx) {
    const [name = 'list', ...rest] = args;
    const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
    if (!action) throw usageError(`unknown sessions command "${name}"; use one of ${Object.keys(ACTIONS).join(', ')}`);
    if (rest.length !== action.arity) throw usageError(`usage: drover sessions ${action.usage}`);
    checkOptions({ name: `sessions ${name}`, options: action.options }, options);
    await action.run(rest, options, ctx);
    return EXIT.ok;
  },
};
