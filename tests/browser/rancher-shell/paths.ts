// Where the harness finds the dashboard's real parts: the repository root's npm packages (@rancher/shell 3.0.13,
// vue, vuex, sass, @vue/compiler-sfc), installed for the extension's own build.
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const ROOT_NODE_MODULES = join(REPO_ROOT, 'node_modules');
export const SHELL_DIR = join(ROOT_NODE_MODULES, '@rancher', 'shell');
export const PAGE_DIR = join(__dirname, 'page');
