// Bundles the harness page (page/harness.ts) with esbuild: one IIFE plus one stylesheet and the fonts it names.
// Shell code is resolved as the extension build resolves it (@shell → node_modules/@rancher/shell, the same
// library stand-ins for require-asset and vue-router); Vue stays external as window.Vue.
import { build, type Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PAGE_DIR, REPO_ROOT, SHELL_DIR } from './paths';
import { compileShellScss, tildePath } from './shell-scss';
import { vueSfcPlugin } from './vue-sfc-plugin';

/** Output files by URL path: /harness.js, /harness.css, /assets/<font>… */
export type HarnessAssets = Map<string, { contents: Uint8Array; contentType: string }>;

const OUT_DIR = join(PAGE_DIR, '.out'); // never written: esbuild keeps the output in memory (write: false)

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript', css: 'text/css', map: 'application/json', woff: 'font/woff', woff2: 'font/woff2',
  ttf: 'font/ttf', svg: 'image/svg+xml', png: 'image/png',
};

/** pkg/vue.config.js's stand-ins for require-asset and vue-router; the harness's translation loader for the
 *  dashboard's dynamic importer (the library build's stub has no translations). */
const REPLACEMENTS: [RegExp, string][] = [
  [/(^|\/)utils\/dynamic-importer$/, join(PAGE_DIR, 'dynamic-importer.ts')],
  [/(^|\/)require-asset$/, join(SHELL_DIR, 'pkg', 'require-asset.lib.js')],
  [/^vue-router$/, join(SHELL_DIR, 'pkg', 'vue-router.lib.js')],
];

const shellResolution: Plugin = {
  name: 'shell-resolution',
  setup(b) {
    b.onResolve({ filter: /^vue$/ }, () => ({ path: 'vue', namespace: 'window-vue' }));
    b.onLoad({ filter: /.*/, namespace: 'window-vue' }, () => ({ contents: 'module.exports = window.Vue;', loader: 'js' }));
    b.onResolve({ filter: /./ }, (args) => {
      const replacement = REPLACEMENTS.find(([pattern]) => pattern.test(args.path));
      return replacement ? { path: replacement[1] } : undefined;
    });
    b.onResolve({ filter: /^@shell\/[^?]*$/ }, (args) => b.resolve(join(SHELL_DIR, args.path.slice('@shell/'.length)), { kind: args.kind, resolveDir: args.resolveDir }));
    // url(~@shell/assets/fonts/…) and url(~@rancher/icons/fonts/icons.woff?123#icons) in the shell's stylesheets.
    b.onResolve({ filter: /^~/ }, (args) => {
      const [, path, suffix] = /^([^?#]*)(.*)$/.exec(args.path)!;
      const file = tildePath(path);
      return file ? { path: file, suffix } : undefined;
    });
    b.onLoad({ filter: /\.scss$/ }, async(args) => ({ contents: compileShellScss(await readFile(args.path, 'utf8'), args.path), loader: 'css' }));
    b.onLoad({ filter: /\.ya?ml$/ }, async(args) => ({ contents: JSON.stringify(parseYaml(await readFile(args.path, 'utf8'))), loader: 'json' }));
  },
};

export async function buildHarness(): Promise<HarnessAssets> {
  const result = await build({
    entryPoints: { harness: join(PAGE_DIR, 'harness.ts') },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outdir: OUT_DIR,
    write: false,
    sourcemap: 'linked',
    publicPath: '/',
    assetNames: 'assets/[name]-[hash]',
    resolveExtensions: ['.ts', '.js', '.vue', '.json'],
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file', '.png': 'file' },
    inject: [join(PAGE_DIR, 'process-shim.ts')],
    // vuex's bundler build asks whether to wire Vue devtools in production.
    define: { 'process.env.NODE_ENV': '"production"', __VUE_PROD_DEVTOOLS__: 'false' },
    plugins: [shellResolution, vueSfcPlugin(REPO_ROOT)],
    logLevel: 'silent',
  });
  const assets: HarnessAssets = new Map();
  for (const file of result.outputFiles) {
    const urlPath = `/${ relative(OUT_DIR, file.path) }`;
    assets.set(urlPath, { contents: file.contents, contentType: CONTENT_TYPES[urlPath.split('.').pop() ?? ''] ?? 'application/octet-stream' });
  }
  return assets;
}
