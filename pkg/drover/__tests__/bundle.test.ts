// The built UMD bundle, loaded the way Rancher's extension manager does: its default export receives the plugin.
import { existsSync } from 'fs';
import { join } from 'path';

const { name, version } = require('../package.json');
const BUNDLE = join(__dirname, '..', '..', '..', 'dist-pkg', `${ name }-${ version }`, `${ name }-${ version }.umd.min.js`);

describe('the built extension bundle', () => {
  beforeAll(() => {
    if (!existsSync(BUNDLE)) {
      throw new Error(`${ BUNDLE } is missing: build it first with \`npm run build-pkg drover\` (npm test does this).`);
    }
  });

  it('registers its metadata and English translations with the plugin it is handed', () => {
    const registered: [string, string][] = [];
    const plugin: Record<string, unknown> = {
      register: (type: string, id: string, loader: unknown) => {
        expect(typeof loader).toBe('function');
        registered.push([type, id]);
      },
    };

    require(BUNDLE).default(plugin);

    expect(plugin.metadata).toMatchObject({ name: 'drover', version });
    expect(registered).toContainEqual(['l10n', 'en-us']);
  });
});
