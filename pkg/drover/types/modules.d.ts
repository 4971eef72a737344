// Modules the build provides that have no types of their own.

/** l10n/*.yaml are loaded as objects (webpack's js-yaml-loader in the build, test/yaml-transform.js under jest). */
declare module '*.yaml' {
  type Messages = { [key: string]: string | Messages };
  const messages: Messages;
  export default messages;
}

/** The shell's virtual module (webpack-virtual-modules) that registers an extension's convention folders. */
declare module '@rancher/auto-import' {
  export function importTypes(plugin: unknown): void;
}
