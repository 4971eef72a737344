import { readFileSync } from 'node:fs';
import { README, renderReadme } from '../scripts/docs';

describe('mcp-server/README.md', () => {
  it('lists exactly the tools and settings the code has (regenerate with `npm run docs`)', () => {
    const text = readFileSync(README, 'utf8');
    expect(renderReadme(text)).toBe(text);
  });
});
