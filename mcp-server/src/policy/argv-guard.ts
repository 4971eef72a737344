// The last check before a process starts: every flag in a tool-built argv must be on this allowlist, and none of
// the connection, credential or impersonation flags may appear at all (the engine adds its own --kubeconfig after
// this check). Values are always joined to their flag (--selector=x), so a value can never become a flag.
import { InternalError } from '../errors';

/** Flags no tool may pass: they would change whom or where the call talks to, or run templates. */
const FORBIDDEN = new Set([
  'kubeconfig',
  'server',
  's',
  'token',
  'as',
  'as-group',
  'as-uid',
  'as-user-extra',
  'context',
  'cluster',
  'user',
  'username',
  'password',
  'certificate-authority',
  'client-certificate',
  'client-key',
  'insecure-skip-tls-verify',
  'tls-server-name',
  'cache-dir',
  'kube-apiserver',
  'kube-as-user',
  'kube-as-group',
  'kube-context',
  'kube-token',
  'kube-ca-file',
  'kube-insecure-skip-tls-verify',
  'kube-tls-server-name',
  'repository-config',
  'repository-cache',
  'registry-config',
  'post-renderer',
  'post-renderer-args',
  'template',
  'plugin-dir',
  'profile',
  'profile-output',
]);

/** Every flag a Drover tool uses. */
const ALLOWED = new Set([
  'namespace',
  'n',
  'all-namespaces',
  'A',
  'selector',
  'l',
  'field-selector',
  'output',
  'o',
  'raw',
  'chunk-size',
  'show-managed-fields',
  'tail',
  'since',
  'previous',
  'container',
  'c',
  'limit-bytes',
  'prefix',
  'max-log-requests',
  'timestamps',
  'all-containers',
  'dry-run',
  'server-side',
  'field-manager',
  'force-conflicts',
  'filename',
  'f',
  'type',
  'patch',
  'p',
  'replicas',
  'to-revision',
  'revision',
  'cascade',
  'wait',
  'timeout',
  'ignore-not-found',
  'recursive',
  'api-group',
  'namespaced',
  'verbs',
  'containers',
  'no-headers',
  'sort-by',
  'pod-running-timeout',
  'version',
  'values',
  'repo',
  'ca-file',
  'create-namespace',
  'atomic',
  'max',
  'description',
  'keep-history',
  'reuse-values',
  'reset-values',
  'install',
  'quiet',
  'all',
  'date',
  'reverse',
  'show-kind',
  'use-protocol-buffers',
  'grace-period',
  'short',
  'api-version',
  'subresource',
  'for',
]);

/** Output formats a tool may request; templates (go-template, jsonpath, custom-columns files) are not among them. */
const OUTPUTS = new Set(['json', 'yaml', 'name', 'wide', 'table']);

export function guardArgv(argv: readonly string[]): void {
  const end = argv.indexOf('--');
  for (const arg of end < 0 ? argv : argv.slice(0, end)) {
    if (!arg.startsWith('-')) continue;
    const [flag, value] = arg.replace(/^--?/, '').split(/=(.*)/s, 2);
    if (FORBIDDEN.has(flag)) throw new InternalError(`forbidden flag in tool argv: --${flag}`);
    if (!ALLOWED.has(flag)) throw new InternalError(`flag not on the allowlist: ${arg.slice(0, 40)}`);
    if ((flag === 'output' || flag === 'o') && value !== undefined && !OUTPUTS.has(value)) {
      throw new InternalError(`output format not allowed: ${value.slice(0, 40)}`);
    }
  }
}
