import { readFileSync } from 'node:fs';
import { README, renderReadme } from '../scripts/docs';
import { SETTINGS } from '../src/config';
import { allTools } from '../src/tools';

describe('mcp-server/README.md', () => {
  it('lists exactly the tools and settings the code has (regenerate with `npm run docs`)', () => {
    const text = readFileSync(README, 'utf8');
    expect(renderReadme(text)).toBe(text);
  });

  it('has a row for every tool and every setting', () => {
    const text = readFileSync(README, 'utf8');
    for (const tool of allTools) expect(text).toContain(`| \`${tool.name}\` |`);
    for (const [path, env] of SETTINGS) expect(text).toContain(`| \`${path}\` | \`${env}\` |`);
  });
});
