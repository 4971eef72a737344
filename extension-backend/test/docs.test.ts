import { readFileSync } from 'node:fs';
import { ClientMessageSchema, ServerEventSchema } from '@drover/protocol';
import { README, renderReadme } from '../scripts/docs';
import { ENV_SETTINGS } from '../src/config';

const text = readFileSync(README, 'utf8');

describe('extension-backend/README.md', () => {
  it('lists exactly the settings the code has (regenerate with `npm run docs`)', () => {
    expect(renderReadme(text)).toBe(text);
    for (const [path, env] of ENV_SETTINGS) expect(text).toContain(`| \`${env}\` | \`${path}\` |`);
  });

  it('documents every event and every client message of the protocol', () => {
    const types = (schema: { options: readonly { shape: { type: { value: string } } }[] }) => schema.options.map((o) => o.shape.type.value);
    for (const type of [...types(ServerEventSchema), ...types(ClientMessageSchema)]) expect(text).toContain(`| \`${type}\` |`);
  });
});
