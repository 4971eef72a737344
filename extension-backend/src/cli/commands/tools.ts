// drover tools: what the assistant can use for you (your tools, as the backend sees your permissions).
import { ToolListSchema } from '@drover/protocol';
import { EXIT } from '../errors';
import { formatTable } from '../table';
import type { Command } from './command';

export const tools: Command = {
  name: 'tools',
  usage: ['tools [--cluster ID] [--json]'],
  summary: 'List the tools the assistant can use, and whether each reads or writes.',
  options: ['cluster', 'json'],
  async run(_args, options, ctx) {
    const query = options.cluster ? `?cluster=${encodeURIComponent(options.cluster)}` : '';
    const { tools: list } = await ctx.api.json('GET', `/api/tools${query}`, ToolListSchema);
    if (options.json) {
      ctx.out.write(`${JSON.stringify(list, null, 2)}\n`);
      return EXIT.ok;
    }
    const rows = list.map((t) => [t.name, t.readOnly ? 'read' : 'write', t.description.split('\n')[0]]);
    ctx.out.write(
      formatTable(['NAME', 'ACCESS', 'DESCRIPTION'], rows, ctx.out.style, { width: ctx.out.columns })
        .map((l) => `${l}\n`)
        .join(''),
    );
    return EXIT.ok;
  },
};
