import { t } from '../../../__tests__/support/chat';
import { commandLine, describeChange, manifestObjects } from '../describe-change';

const fixture = (name: string) => require(`../../../__tests__/fixtures/views/${ name }.json`);

describe('describeChange', () => {
  it('says what a scale does, from the real plans', () => {
    const scale = fixture('plan-scale');

    expect(describeChange(scale.tool, scale.arguments, t)).toBe('Scale deployment web to 5 replicas');
    const zero = fixture('plan-scale-zero');

    expect(describeChange(zero.tool, zero.arguments, t)).toBe('Scale deployment checkout to 0 replicas');
    expect(describeChange('k8s_scale', {
      kind: 'statefulset', name: 'db', replicas: 1
    }, t)).toBe('Scale statefulset db to 1 replica');
  });

  it('says what a delete does, from the real plans', () => {
    const deployment = fixture('plan-delete');

    expect(describeChange(deployment.tool, deployment.arguments, t)).toBe('Delete deployment web');
    const claim = fixture('plan-delete-claim');

    expect(describeChange(claim.tool, claim.arguments, t)).toBe('Delete pvc orders-data');
  });

  it('names the object of a one-object apply, and counts the objects of a bigger one', () => {
    expect(describeChange('k8s_apply', { manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  name: not-this' }, t))
      .toBe('Apply ConfigMap settings');
    const three = 'kind: Deployment\nmetadata:\n  name: web\n---\nkind: Service\nmetadata:\n  labels:\n    name: x\n  name: web\n---\nkind: ConfigMap\nmetadata: {name: cfg}\n';

    expect(describeChange('k8s_apply', { manifest: three }, t)).toBe('Apply 3 objects: Deployment web, Service web, ConfigMap cfg');
    const five = Array.from({ length: 5 }, (_, i) => `kind: ConfigMap\nmetadata:\n  name: c${ i }`).join('\n---\n');

    expect(describeChange('k8s_apply', { manifest: five }, t)).toBe('Apply 5 objects: ConfigMap c0, ConfigMap c1, ConfigMap c2 and 2 more');
    expect(describeChange('k8s_apply', { manifest: '# only a comment' }, t)).toBe('Apply a manifest');
  });

  it('says which object a patch changes', () => {
    expect(describeChange('k8s_patch', {
      kind: 'deployment', name: 'web', patch: { spec: { replicas: 3 } }
    }, t)).toBe('Patch deployment web');
  });

  it('says what each rollout action does', () => {
    expect(describeChange('k8s_rollout', { action: 'restart', name: 'web' }, t)).toBe('Restart deployment web');
    expect(describeChange('k8s_rollout', {
      action: 'undo', kind: 'statefulset', name: 'db'
    }, t)).toBe('Roll back statefulset db to its previous revision');
    expect(describeChange('k8s_rollout', {
      action: 'undo', name: 'web', toRevision: 3
    }, t)).toBe('Roll back deployment web to revision 3');
    expect(describeChange('k8s_rollout', { action: 'pause', name: 'web' }, t)).toBe('Pause the rollout of deployment web');
    expect(describeChange('k8s_rollout', { action: 'resume', name: 'web' }, t)).toBe('Resume the rollout of deployment web');
  });

  it('says which command an exec runs and where', () => {
    expect(describeChange('k8s_exec', { pod: 'web-1', command: ['cat', '/etc/resolv.conf'] }, t)).toBe('Run cat /etc/resolv.conf in pod web-1');
    expect(describeChange('k8s_exec', {
      pod: 'web-1', container: 'sidecar', command: ['sh', '-c', 'echo hi']
    }, t))
      .toBe("Run sh -c 'echo hi' in container sidecar of pod web-1");
  });

  it('says what each helm change does', () => {
    expect(describeChange('helm_install', {
      release: 'cache', chart: 'bitnami/redis', namespace: 'shop'
    }, t)).toBe('Install chart bitnami/redis as release cache');
    expect(describeChange('helm_install', {
      release: 'cache', chart: 'bitnami/redis', version: '19.0.1'
    }, t)).toBe('Install chart bitnami/redis 19.0.1 as release cache');
    expect(describeChange('helm_upgrade', { release: 'cache', chart: 'bitnami/redis' }, t)).toBe('Upgrade release cache to chart bitnami/redis');
    expect(describeChange('helm_upgrade', {
      release: 'cache', chart: 'bitnami/redis', version: '20.1.0'
    }, t)).toBe('Upgrade release cache to chart bitnami/redis 20.1.0');
    expect(describeChange('helm_rollback', { release: 'cache', revision: 2 }, t)).toBe('Roll back release cache to revision 2');
    expect(describeChange('helm_uninstall', { release: 'cache' }, t)).toBe('Uninstall release cache');
    expect(describeChange('helm_uninstall', { release: 'cache', keepHistory: true }, t)).toBe('Uninstall release cache, keeping its history');
  });

  it('falls back to the tool name for unknown tools and for arguments it cannot read', () => {
    expect(describeChange('k8s_patch', {}, t)).toBe('Run k8s_patch');
    expect(describeChange('k8s_scale', { name: 'web', replicas: '5' }, t)).toBe('Run k8s_scale');
    expect(describeChange('k8s_rollout', { action: 'rewind', name: 'web' }, t)).toBe('Run k8s_rollout');
    expect(describeChange('k8s_exec', { pod: 'web-1', command: 'ls' }, t)).toBe('Run k8s_exec');
    expect(describeChange('helm_rollback', { release: 'cache' }, t)).toBe('Run helm_rollback');
    expect(describeChange('other_server_tool', { a: 1 }, t)).toBe('Run other_server_tool');
    expect(describeChange('k8s_delete', undefined, t)).toBe('Run k8s_delete');
  });
});

describe('manifestObjects', () => {
  it('reads kinds and names from YAML documents, quotes and comments removed', () => {
    expect(manifestObjects('---\nkind: "Secret"  # creds\nmetadata:\n  # name: wrong\n  name: \'db\'\n--- # next\nkind: Service\nmetadata:\n  name: db\n'))
      .toEqual([{ kind: 'Secret', name: 'db' }, { kind: 'Service', name: 'db' }]);
  });

  it('reads JSON objects, arrays and lists', () => {
    expect(manifestObjects('{"kind":"ConfigMap","metadata":{"name":"a"}}')).toEqual([{ kind: 'ConfigMap', name: 'a' }]);
    expect(manifestObjects('{"kind":"List","items":[{"kind":"Pod","metadata":{"name":"p"}},{"kind":"Service","metadata":{"name":"s"}}]}'))
      .toEqual([{ kind: 'Pod', name: 'p' }, { kind: 'Service', name: 's' }]);
    expect(manifestObjects('{not json')).toEqual([]);
  });
});

describe('commandLine', () => {
  it('quotes arguments a shell would split and cuts long commands', () => {
    expect(commandLine(['ls', '-la', '/tmp'])).toBe('ls -la /tmp');
    expect(commandLine(['sh', '-c', "echo it's"])).toBe("sh -c 'echo it'\\''s'");
    const long = commandLine(['echo', 'x'.repeat(100)]);

    expect(long).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
  });
});
