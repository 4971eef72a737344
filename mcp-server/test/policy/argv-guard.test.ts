import { InternalError } from '../../src/errors';
import { guardArgv } from '../../src/policy/argv-guard';

describe('argv guard', () => {
  it('accepts tool-built argv with allowed, joined flags', () => {
    expect(() => guardArgv(['get', 'pods', '--namespace=shop', '--selector=app=web', '--output=json'])).not.toThrow();
    expect(() => guardArgv(['logs', 'web-1', '--tail=100', '--previous', '--container=app'])).not.toThrow();
  });

  it.each([
    '--kubeconfig=/etc/kubernetes/admin.conf',
    '--server=https://evil',
    '-s=https://evil',
    '--token=abc',
    '--as=system:admin',
    '--as-group=system:masters',
    '--context=prod',
    '--cluster=prod',
    '--user=admin',
    '--insecure-skip-tls-verify',
    '--certificate-authority=/x',
    '--client-key=/x',
    '--kube-as-user=admin',
    '--kube-token=x',
    '--post-renderer=/bin/sh',
    '--repository-config=/x',
    '--template={{.}}',
    '--cache-dir=/tmp',
  ])('refuses %s', (flag) => {
    expect(() => guardArgv(['get', 'pods', flag])).toThrow(InternalError);
  });

  it.each([
    'go-template={{.}}',
    'go-template-file=/x',
    'jsonpath={.items}',
    'jsonpath-file=/x',
    'custom-columns-file=/x',
    'template={{.}}',
  ])('refuses --output=%s', (output) => {
    expect(() => guardArgv(['get', 'pods', `--output=${output}`])).toThrow(/output format not allowed/);
  });

  it('refuses flags that are not on the allowlist', () => {
    expect(() => guardArgv(['get', 'pods', '--v=9'])).toThrow(/not on the allowlist/);
    expect(() => guardArgv(['get', 'pods', '--kustomize=/x'])).toThrow(/not on the allowlist/);
  });

  it('leaves the argument vector after -- alone (the command run inside a container)', () => {
    expect(() => guardArgv(['exec', 'web-1', '--namespace=shop', '--', 'ls', '--kubeconfig=/x', '-la'])).not.toThrow();
  });
});
