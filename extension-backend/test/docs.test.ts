import { readFileSync } from 'node:fs';
import { ClientMessageSchema, ServerEventSchema } from '@drover/protocol';
import { README, renderReadme } from '../scripts/docs';
import { COMMANDS } from '../src/cli/commands';
import { ENV_SETTINGS } from '../src/config';
import { BACKEND_NODE_FLAGS } from '../../toolchain/services';

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

  it('shows every drover command in its command-line section', () => {
    const section = /<!-- cli:start -->([\s\S]*)<!-- cli:end -->/.exec(text)?.[1] ?? '';
    for (const command of COMMANDS) expect(section).toMatch(new RegExp(`^drover ${command.name}\\b`, 'm'));
  });

  it('gives the Node flags the backend runs with everywhere (toolchain/services.ts)', () => {
    expect(text).toContain(`node ${BACKEND_NODE_FLAGS.join(' ')} dist/main.js`);
    expect(text).toContain(`\`node ${BACKEND_NODE_FLAGS.join(' ')}\``);
  });
});
