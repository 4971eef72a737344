// Regenerates the tool and configuration tables in mcp-server/README.md from the code (allTools, SETTINGS).
// `npm run docs` writes them; test/docs.test.ts fails when the README is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigSchema, SETTINGS } from '../src/config';
import { allTools } from '../src/tools';

export const README = join(__dirname, '..', 'README.md');

/** A server in Rancher identity mode and otherwise defaults: a tool offered there and not by default is Rancher's. */
const RANCHER_MODE = ConfigSchema.parse({ identity: { mode: 'rancher', rancherUrl: 'https://rancher.example.com' } });
const DEFAULTS = ConfigSchema.parse({});

function toolsTable(): string {
  const rows = allTools.map((t) => {
    const kind = t.kind === 'read' ? 'read' : t.annotations.destructiveHint ? 'write (plan → approve)' : 'write';
    const rancherOnly = t.available?.(RANCHER_MODE) && !t.available(DEFAULTS);
    const extra = !t.available ? '' : rancherOnly ? ' (Rancher mode only)' : ' (only when enabled)';
    return `| \`${t.name}\` | ${kind}${extra} | ${t.description.replace(/\|/g, '\\|')} |`;
  });
  return ['| tool | kind | what it does |', '|---|---|---|', ...rows].join('\n');
}

function settingsTable(): string {
  const rows = SETTINGS.map(([path, env, flag, , description]) => `| \`${path}\` | \`${env}\` | \`--${flag}\` | ${description} |`);
  return ['| setting (YAML path) | environment | flag | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

export function renderReadme(text: string): string {
  // A function replacement, so a `$` in a description is not read as a pattern; the markers may enclose nothing yet.
  const replace = (t: string, name: string, body: string) =>
    t.replace(
      new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`),
      (_, start: string, end: string) => `${start}${body}\n${end}`,
    );
  return replace(replace(text, 'tools', toolsTable()), 'settings', settingsTable());
}

if (require.main === module) {
  writeFileSync(README, renderReadme(readFileSync(README, 'utf8')));
  console.log(`updated ${README}`);
}
