// An esbuild plugin that compiles Vue single-file components the way the shell's webpack build does (vue-loader):
// <script setup> with the template inlined, or <script> plus a compiled render function; scss through the shell's
// own variables, functions and mixins (see shell-scss.ts); scoped styles under a data-v-<hash> id. Every style of
// the shell components used here compiles, so none is skipped. The CSS goes into esbuild's CSS output.
// `import { scopeId } from '<file>.vue?styles'` takes only a component's styles, for a stand-in that renders the
// same markup (the harness's header uses the shell Header.vue's own CSS this way).
// vue/compiler-sfc, as vue-loader takes it: the compiler of the very Vue version the page runs (window.Vue).
import { compileScript, compileStyleAsync, compileTemplate, parse, type BindingMetadata, type SFCDescriptor } from 'vue/compiler-sfc';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { Plugin } from 'esbuild';
import { compileShellScss } from './shell-scss';

const CSS_NAMESPACE = 'vue-sfc-css';
const STYLES_MODULE_NAMESPACE = 'vue-sfc-styles';

/** vue-loader's scope id: a short hash of the file's path relative to the project. */
function scopeIdFor(file: string, root: string): string {
  return `data-v-${ createHash('sha256').update(relative(root, file)).digest('hex').slice(0, 8) }`;
}

/** The component's CSS: each <style> block preprocessed when it is scss, then scoped when it says so. */
async function compileSfcStyles(descriptor: SFCDescriptor, file: string, scopeId: string): Promise<string> {
  const blocks = await Promise.all(descriptor.styles.map(async(style) => {
    const css = style.lang === 'scss' ? compileShellScss(style.content, file) : style.content;
    const result = await compileStyleAsync({ source: css, filename: file, id: scopeId, scoped: style.scoped });
    if (result.errors.length) throw new Error(`${ file }: ${ result.errors.map((e) => e.message).join('; ') }`);
    return result.code;
  }));
  return blocks.join('\n');
}

function compileComponent(descriptor: SFCDescriptor, file: string, scopeId: string): { code: string; lang: 'ts' | 'js' } {
  const scoped = descriptor.styles.some((s) => s.scoped);
  const lang = (descriptor.scriptSetup ?? descriptor.script)?.lang === 'ts' ? 'ts' : 'js';
  let code: string;
  let bindings: BindingMetadata | undefined;
  if (descriptor.script || descriptor.scriptSetup) {
    const script = compileScript(descriptor, { id: scopeId, inlineTemplate: true, genDefaultAs: '__sfc__', isProd: true });
    code = script.content;
    bindings = script.bindings;
  } else {
    code = 'const __sfc__ = {};';
  }
  // <script setup> already carries its render function (inlineTemplate); a plain <script> gets one compiled here.
  if (descriptor.template && !descriptor.scriptSetup) {
    const template = compileTemplate({
      source: descriptor.template.content, filename: file, id: scopeId, scoped, isProd: true,
      compilerOptions: { bindingMetadata: bindings },
    });
    if (template.errors.length) throw new Error(`${ file }: ${ template.errors.map(String).join('; ') }`);
    code += `\n${ template.code.replace('export function render', 'function render') }\n__sfc__.render = render;`;
  }
  if (scoped) code += `\n__sfc__.__scopeId = ${ JSON.stringify(scopeId) };`;
  if (descriptor.styles.length) code = `import ${ JSON.stringify(`${ file }?css`) };\n${ code }`;
  return { code: `${ code }\nexport default __sfc__;`, lang };
}

export function vueSfcPlugin(root: string): Plugin {
  return {
    name: 'vue-sfc',
    setup(build) {
      build.onResolve({ filter: /\.vue\?(css|styles)$/ }, async(args) => {
        const [path, suffix] = args.path.split('?');
        const resolved = await build.resolve(path, { resolveDir: args.resolveDir, kind: args.kind });
        if (resolved.errors.length) return { errors: resolved.errors };
        return { path: resolved.path, namespace: suffix === 'css' ? CSS_NAMESPACE : STYLES_MODULE_NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: CSS_NAMESPACE }, async(args) => {
        const { descriptor } = parse(await readFile(args.path, 'utf8'), { filename: args.path });
        return { contents: await compileSfcStyles(descriptor, args.path, scopeIdFor(args.path, root)), loader: 'css' };
      });
      build.onLoad({ filter: /.*/, namespace: STYLES_MODULE_NAMESPACE }, (args) => ({
        contents: `import ${ JSON.stringify(`${ args.path }?css`) };\nexport const scopeId = ${ JSON.stringify(scopeIdFor(args.path, root)) };`,
        loader: 'js',
        resolveDir: root,
      }));
      build.onLoad({ filter: /\.vue$/ }, async(args) => {
        const { descriptor, errors } = parse(await readFile(args.path, 'utf8'), { filename: args.path });
        if (errors.length) throw new Error(`${ args.path }: ${ errors.map(String).join('; ') }`);
        const { code, lang } = compileComponent(descriptor, args.path, scopeIdFor(args.path, root));
        return { contents: code, loader: lang };
      });
    },
  };
}
