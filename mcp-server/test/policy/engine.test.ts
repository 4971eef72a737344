import { ConfigSchema, type Config } from '../../src/config';
import { PolicyDenied } from '../../src/errors';
import { checkActions, type KubeAction } from '../../src/policy/engine';

const config = (over: Partial<Config> = {}): Config => ConfigSchema.parse({ mode: 'read-write', ...over });
const act = (a: Partial<KubeAction>): KubeAction => ({
  verb: 'patch',
  kind: 'Deployment',
  group: 'apps',
  namespace: 'shop',
  name: 'web',
  clusterScoped: false,
  ...a,
});
const denied = (c: Config, a: KubeAction) => {
  try {
    checkActions(c, [a]);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyDenied);
    return (err as Error).message;
  }
};

describe('policy engine', () => {
  describe('reads', () => {
    it.each(['read-only', 'read-write', 'admin'] as const)('allows every read in %s mode, protected namespaces included', (mode) => {
      for (const verb of ['get', 'list', 'watch'] as const)
        expect(denied(config({ mode } as Partial<Config>), act({ verb, namespace: 'kube-system' }))).toBeUndefined();
    });
  });

  describe('modes', () => {
    it('refuses every write in read-only mode', () => {
      for (const verb of ['create', 'update', 'patch', 'delete', 'exec'] as const) {
        expect(denied(config({ mode: 'read-only' }), act({ verb }))).toContain('runs read-only');
      }
    });
    it('allows a namespaced write in read-write mode', () => {
      expect(denied(config(), act({}))).toBeUndefined();
    });
    it('refuses cluster-scoped writes outside admin mode and allows them in admin mode', () => {
      const ns = act({ kind: 'Namespace', group: '', namespace: undefined, clusterScoped: true, verb: 'create' });
      expect(denied(config(), ns)).toContain('needs admin mode');
      expect(denied(config({ mode: 'admin' }), ns)).toBeUndefined();
    });
    it('refuses writes across all namespaces in every mode', () => {
      expect(denied(config({ mode: 'admin' }), act({ namespace: undefined }))).toContain('across all namespaces');
    });
  });

  describe('protected namespaces', () => {
    it.each(['kube-system', 'kube-public', 'kube-node-lease', 'cattle-system', 'cattle-monitoring-system', 'fleet-default'])(
      'refuses writes in %s even for admins',
      (namespace) => {
        expect(denied(config({ mode: 'admin' }), act({ namespace }))).toContain(`namespace ${namespace} is protected`);
      },
    );
    it('does not treat look-alikes as protected', () => {
      expect(denied(config(), act({ namespace: 'my-kube-system' }))).toBeUndefined();
      expect(denied(config(), act({ namespace: 'cattlesystem' }))).toBeUndefined();
    });
    it('uses the configured list', () => {
      expect(
        denied(config({ policy: { protectedNamespaces: ['prod-*'], deniedKinds: [], allowExec: false } }), act({ namespace: 'prod-eu' })),
      ).toContain('is protected');
      expect(
        denied(
          config({ policy: { protectedNamespaces: ['prod-*'], deniedKinds: [], allowExec: false } }),
          act({ namespace: 'kube-system' }),
        ),
      ).toBeUndefined();
    });
  });

  describe('denied kinds', () => {
    it('refuses any write to cluster RBAC, and deleting nodes, namespaces and CRDs, even in admin mode', () => {
      const admin = config({ mode: 'admin' });
      expect(
        denied(
          admin,
          act({
            kind: 'ClusterRoleBinding',
            group: 'rbac.authorization.k8s.io',
            namespace: undefined,
            clusterScoped: true,
            verb: 'create',
          }),
        ),
      ).toContain('never to create ClusterRoleBinding');
      expect(denied(admin, act({ kind: 'Node', group: '', namespace: undefined, clusterScoped: true, verb: 'delete' }))).toContain(
        'never to delete Node',
      );
      expect(denied(admin, act({ kind: 'Namespace', group: '', namespace: undefined, clusterScoped: true, verb: 'delete' }))).toContain(
        'never to delete Namespace',
      );
      expect(denied(admin, act({ kind: 'Node', group: '', namespace: undefined, clusterScoped: true, verb: 'patch' }))).toBeUndefined();
    });
  });

  describe('exec', () => {
    it('is refused unless enabled', () => {
      expect(denied(config(), act({ verb: 'exec', kind: 'Pod', group: '' }))).toContain('disabled');
      expect(
        denied(
          config({ policy: { protectedNamespaces: [], deniedKinds: [], allowExec: true } }),
          act({ verb: 'exec', kind: 'Pod', group: '' }),
        ),
      ).toBeUndefined();
    });
  });
});
