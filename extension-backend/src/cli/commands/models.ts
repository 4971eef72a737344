// drover models: the Ollama the backend uses, and whether the configured models are there.
import { ModelsSchema } from '@drover/protocol';
import { EXIT } from '../errors';
import { formatTable } from '../table';
import type { Command } from './command';

export const models: Command = {
  name: 'models',
  usage: ['models [--json]'],
  summary: 'Show the models the backend is configured with and which ones Ollama has.',
  options: ['json'],
  async run(_args, options, ctx) {
    const info = await ctx.api.json('GET', '/api/models', ModelsSchema);
    if (options.json) {
      ctx.out.write(`${JSON.stringify(info, null, 2)}\n`);
      return EXIT.ok;
    }
    const { style } = ctx.out;
    const lines = [
      info.reachable
        ? `Ollama at ${info.url}: ${style.green('reachable')}`
        : style.red(`Ollama at ${info.url} is not reachable: ${info.error ?? 'no answer'}`),
    ];
    const rows = info.configured.map((m, i) => [m.name, i === 0 ? 'main' : 'fallback', m.installed ? 'yes' : 'no']);
    lines.push(...formatTable(['MODEL', 'ROLE', 'INSTALLED'], rows, style));
    const others = info.available.filter((name) => !info.configured.some((m) => m.name === name || `${m.name}:latest` === name));
    if (others.length) lines.push(style.dim(`Also in Ollama: ${others.join(', ')}`));
    ctx.out.write(lines.map((l) => `${l}\n`).join(''));
    return info.reachable ? EXIT.ok : EXIT.failed;
  },
};
