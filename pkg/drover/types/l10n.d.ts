// l10n/*.yaml are loaded as objects (webpack's js-yaml-loader in the build, test/yaml-transform.js under jest).
declare module '*.yaml' {
  type Messages = { [key: string]: string | Messages };
  const messages: Messages;
  export default messages;
}
