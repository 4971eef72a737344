// Who can talk to the test cluster. Humans get static bearer tokens (kube-apiserver --token-auth-file); the MCP
// server gets a real ServiceAccount token, as it would in a cluster. The RBAC objects below give each user exactly
// the rights a later test needs to prove that Drover never exceeds them.
import { randomBytes } from 'node:crypto';

export const MCP_NAMESPACE = 'cattle-system';
export const MCP_SERVICE_ACCOUNT = 'drover';

export interface StaticUser {
  name: string;
  groups: string[];
  token: string;
}

export type HumanRole = 'admin' | 'viewer' | 'editor';
export type ComponentRole = 'controllerManager' | 'scheduler' | 'kwok';

function user(name: string, groups: string[]): StaticUser {
  return { name, groups, token: randomBytes(24).toString('hex') };
}

export function newStaticUsers(): Record<HumanRole | ComponentRole, StaticUser> {
  return {
    admin: user('drover-admin', ['system:masters']),
    viewer: user('viewer', ['drover:viewers']),
    editor: user('editor', ['drover:editors']),
    // Bootstrap RBAC already grants these two names what their components need.
    controllerManager: user('system:kube-controller-manager', []),
    scheduler: user('system:kube-scheduler', []),
    kwok: user('system:kwok-controller', ['system:masters']),
  };
}

/** kube-apiserver --token-auth-file format: token,user,uid,"group1,group2". */
export function tokenFile(users: StaticUser[]): string {
  return users.map((u) => `${u.token},${u.name},${u.name},"${u.groups.join(',')}"`).join('\n') + '\n';
}

export function rbacObjects(editorNamespace: string): object[] {
  const binding = (kind: 'ClusterRoleBinding' | 'RoleBinding', name: string, role: string,
                   subject: object, namespace?: string) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: [subject],
  });
  const userSubject = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name });
  const mcpSubject = { kind: 'ServiceAccount', name: MCP_SERVICE_ACCOUNT, namespace: MCP_NAMESPACE };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: MCP_NAMESPACE } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: editorNamespace } },
    binding('ClusterRoleBinding', 'drover-test:viewer', 'view', userSubject('viewer')),
    binding('RoleBinding', 'drover-test:editor', 'edit', userSubject('editor'), editorNamespace),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: MCP_SERVICE_ACCOUNT, namespace: MCP_NAMESPACE } },
    // The MCP server acts only as the user it is told about: impersonation is all it may do on its own.
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'drover-impersonator' },
      rules: [{ apiGroups: [''], resources: ['users', 'groups', 'serviceaccounts'], verbs: ['impersonate'] },
              { apiGroups: ['authentication.k8s.io'], resources: ['userextras/scopes', 'uids'], verbs: ['impersonate'] }],
    },
    binding('ClusterRoleBinding', 'drover-impersonator', 'drover-impersonator', mcpSubject),
    // TokenReview, so the backend's standalone mode can authenticate users with their Kubernetes tokens.
    binding('ClusterRoleBinding', 'drover-auth-delegator', 'system:auth-delegator', mcpSubject),
  ];
}
