// Sass the way the shell's extension build compiles it (node_modules/@rancher/shell/pkg/vue.config.js): every
// stylesheet gets the shell's variables, functions and mixins first, and `~shell/`, `~@shell/` and `~<package>/`
// name files in the shell or in node_modules.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileString, Logger, type FileImporter } from 'sass';
import { ROOT_NODE_MODULES, SHELL_DIR } from './paths';

const SHELL_BASE = join(SHELL_DIR, 'assets', 'styles', 'base');

const ADDITIONAL_DATA = `@use 'sass:math'; ${ ['_variables.scss', '_functions.scss', '_mixins.scss']
  .map((f) => `@import '${ join(SHELL_BASE, f) }';`).join(' ') }\n`;

/** Maps a `~`-prefixed path (webpack's convention, used throughout the shell) to a file. */
export function tildePath(url: string): string | undefined {
  const shell = /^~@?shell\/(.*)$/.exec(url);
  if (shell) return join(SHELL_DIR, shell[1]);
  if (url.startsWith('~')) return join(ROOT_NODE_MODULES, url.slice(1));
  return undefined;
}

const tildeImporter: FileImporter<'sync'> = {
  findFileUrl(url) {
    const path = tildePath(url);
    return path ? pathToFileURL(path) : null;
  },
};

/** Compiles one scss source that lives at `file`. The shell's own deprecation warnings are not ours to fix: silent. */
export function compileShellScss(source: string, file: string): string {
  return compileString(ADDITIONAL_DATA + source, {
    syntax: 'scss',
    url: pathToFileURL(file),
    importers: [tildeImporter],
    loadPaths: [ROOT_NODE_MODULES],
    logger: Logger.silent,
  }).css;
}
