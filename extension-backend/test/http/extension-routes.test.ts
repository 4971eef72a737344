// The UI bundle as Rancher's UIPlugin controller fetches it, over a real HTTP server: package.json, files.txt, then
// each listed file; nothing else under the bundle folder, and nothing outside it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastify, { type FastifyInstance } from 'fastify';
import { readExtensionBundle, registerExtensionRoutes } from '../../src/http/extension-routes';

const root = mkdtempSync(join(tmpdir(), 'drover-bundle-test-'));
const bundleDir = join(root, 'drover-1.2.3');

function writeBundle(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

async function serve(bundle: Parameters<typeof registerExtensionRoutes>[1]): Promise<{ app: FastifyInstance; url: string }> {
  const app = fastify();
  await registerExtensionRoutes(app, bundle);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}` };
}

writeBundle(bundleDir, {
  'package.json': JSON.stringify({ name: 'drover', version: '1.2.3' }),
  'drover-1.2.3.umd.min.js': 'console.log("drover");',
  'drover-1.2.3.umd.min.37.js': 'console.log("chunk");',
  'img/logo.svg': '<svg/>',
  'report.html': '<html>bundle sizes</html>',
});
writeBundle(root, { 'secret.txt': 'DROVER-CANARY-outside-the-bundle' });

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a configured bundle', () => {
  let server: { app: FastifyInstance; url: string };
  beforeAll(async () => {
    server = await serve(readExtensionBundle(bundleDir));
  });
  afterAll(() => server.app.close());
  const get = (path: string) => fetch(`${server.url}${path}`);

  it('lists every shipped file in files.txt, under plugin/, without the size report', async () => {
    const res = await get('/extension/files.txt');
    expect(res.status).toBe(200);
    expect((await res.text()).split('\n').filter(Boolean)).toEqual([
      'plugin/drover-1.2.3.umd.min.37.js',
      'plugin/drover-1.2.3.umd.min.js',
      'plugin/img/logo.svg',
      'plugin/package.json',
    ]);
  });

  it('serves package.json with the version the UIPlugin must name', async () => {
    expect(await (await get('/extension/plugin/package.json')).json()).toEqual({ name: 'drover', version: '1.2.3' });
  });

  it('serves every listed file with its content', async () => {
    const listed = (await (await get('/extension/files.txt')).text()).split('\n').filter(Boolean);
    for (const path of listed) {
      const res = await get(`/extension/${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    const entry = await get('/extension/plugin/drover-1.2.3.umd.min.js');
    expect(entry.headers.get('content-type')).toMatch(/javascript/);
    expect(await entry.text()).toBe('console.log("drover");');
  });

  it.each([
    '/extension/plugin/report.html',
    '/extension/plugin/../secret.txt',
    '/extension/plugin/%2e%2e/secret.txt',
    '/extension/plugin/%2e%2e%2fsecret.txt',
    '/extension/plugin/img',
    '/extension/plugin/',
    '/extension/plugin/missing.js',
  ])('answers %s with 404 and never a file outside the list', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('CANARY');
  });
});

describe('no bundle configured', () => {
  it('answers /extension paths with 404 and says why', async () => {
    const server = await serve(undefined);
    try {
      const res = await fetch(`${server.url}/extension/files.txt`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/DROVER_UI_BUNDLE_DIR is not set/);
    } finally {
      await server.app.close();
    }
  });
});

describe('readExtensionBundle', () => {
  it('refuses a folder without package.json', () => {
    expect(() => readExtensionBundle(root)).toThrow(/no package\.json; point DROVER_UI_BUNDLE_DIR at a build-pkg output folder/);
  });

  it('refuses a bundle whose entry file is missing', () => {
    const dir = join(root, 'half-built');
    writeBundle(dir, { 'package.json': JSON.stringify({ name: 'drover', version: '2.0.0' }) });
    expect(() => readExtensionBundle(dir)).toThrow(/drover-2\.0\.0\.umd\.min\.js is missing/);
  });
});
