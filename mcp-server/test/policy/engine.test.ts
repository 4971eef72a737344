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
      const pv = act({ kind: 'PersistentVolume', group: '', name: 'disk', namespace: undefined, clusterScoped: true, verb: 'create' });
      expect(denied(config(), pv)).toBe('refused: create PersistentVolume disk is a cluster-wide change, which needs admin mode');
      expect(denied(config({ mode: 'admin' }), pv)).toBeUndefined();
    });
    it('refuses writes across all namespaces in every mode', () => {
      expect(denied(config({ mode: 'admin' }), act({ namespace: undefined }))).toContain('across all namespaces');
    });
  });

  describe('namespaces', () => {
    const namespace = (verb: KubeAction['verb'], name?: string) =>
      act({ kind: 'Namespace', group: '', name, namespace: undefined, clusterScoped: true, verb });
    it('lets read-write mode create a named Namespace', () => {
      expect(denied(config(), namespace('create', 'team-a'))).toBeUndefined();
      expect(denied(config({ mode: 'admin' }), namespace('create', 'team-a'))).toBeUndefined();
    });
    it('keeps changing and deleting a Namespace, and creating one with a generated name, for admin mode', () => {
      for (const verb of ['update', 'patch'] as const) {
        expect(denied(config(), namespace(verb, 'team-a'))).toBe(
          `refused: ${verb} Namespace team-a is a cluster-wide change, which needs admin mode`,
        );
        expect(denied(config({ mode: 'admin' }), namespace(verb, 'team-a'))).toBeUndefined();
      }
      expect(denied(config(), namespace('delete', 'team-a'))).toBe(
        'refused: delete Namespace team-a is a cluster-wide change, which needs admin mode',
      );
      expect(denied(config(), namespace('create'))).toBe('refused: create Namespace is a cluster-wide change, which needs admin mode');
    });
    it('refuses creating or changing a protected Namespace in every mode', () => {
      for (const mode of ['read-write', 'admin'] as const) {
        expect(denied(config({ mode }), namespace('create', 'cattle-extra'))).toBe(
          'refused: create Namespace cattle-extra: namespace cattle-extra is protected, Drover never changes it',
        );
        expect(denied(config({ mode }), namespace('patch', 'kube-system'))).toContain('namespace kube-system is protected');
      }
    });
    it('refuses creating a Namespace in read-only mode', () => {
      expect(denied(config({ mode: 'read-only' }), namespace('create', 'team-a'))).toContain('runs read-only');
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
