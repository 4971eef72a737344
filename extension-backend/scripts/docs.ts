// Regenerates the settings table in extension-backend/README.md from the code (ENV_SETTINGS).
// `npm run docs` writes it; test/docs.test.ts fails when the README is stale or misses an event or message type.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_SETTINGS } from '../src/config';

export const README = join(__dirname, '..', 'README.md');

function settingsTable(): string {
  const rows = ENV_SETTINGS.map(([path, env, , meaning]) => `| \`${env}\` | \`${path}\` | ${meaning.replace(/\|/g, '\\|')} |`);
  return ['| variable | YAML path | meaning |', '|---|---|---|', ...rows].join('\n');
}

export function renderReadme(text: string): string {
  return text.replace(
    /(<!-- settings:start -->\n)[\s\S]*?(<!-- settings:end -->)/,
    (_, start: string, end: string) => `${start}${settingsTable()}\n${end}`,
  );
}

if (require.main === module) {
  writeFileSync(README, renderReadme(readFileSync(README, 'utf8')));
  console.log(`updated ${README}`);
}
