import { classifyHelm, classifyKubectl } from '../../src/policy/classify';

describe('classifyKubectl', () => {
  it.each([
    // reads
    [['get', 'pods'], 'read'],
    [['get', '--raw=/api/v1/pods'], 'read'],
    [['describe', 'deployment', 'web'], 'read'],
    [['logs', 'web-1', '--previous'], 'read'],
    [['top', 'pods'], 'read'],
    [['explain', 'pods.spec'], 'read'],
    [['api-resources', '--output=wide'], 'read'],
    [['version'], 'read'],
    [['events'], 'read'],
    [['rollout', 'status', 'deployment/web'], 'read'],
    [['rollout', 'history', 'deployment/web'], 'read'],
    [['auth', 'can-i', 'delete', 'pods'], 'read'],
    [['auth', 'whoami'], 'read'],
    [['diff', '-f', 'x.yaml'], 'read'],
    [
      ['wait', '--for=condition=Established', '--timeout=30s', 'customresourcedefinitions.apiextensions.k8s.io/widgets.example.com'],
      'read',
    ],
    // asking the API server about oneself: posting a self review stores nothing
    [['create', '--raw=/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', '--filename=-'], 'read'],
    [['create', '--raw=/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', '--filename=-'], 'read'],
    [['create', '--raw=/apis/authentication.k8s.io/v1/selfsubjectreviews', '--filename=-'], 'read'],
    // dry runs
    [['apply', '--server-side', '--dry-run=server', '-f', 'x'], 'dry-run'],
    [['scale', 'deploy/web', '--replicas=3', '--dry-run=server'], 'dry-run'],
    [['delete', 'pod', 'x', '--dry-run=server'], 'dry-run'],
    [['rollout', 'restart', 'deploy/web', '--dry-run=server'], 'dry-run'],
    // writes
    [['apply', '-f', 'x'], 'write'],
    [['delete', 'pod', 'x'], 'write'],
    [['scale', 'deploy/web', '--replicas=0'], 'write'],
    [['rollout', 'restart', 'deploy/web'], 'write'],
    [['rollout', 'undo', 'deploy/web'], 'write'],
    [['exec', 'pod', '--', 'ls'], 'write'],
    [['patch', 'deploy', 'web', '--patch={}'], 'write'],
    [['auth', 'reconcile', '-f', 'x'], 'write'],
    [['cordon', 'node-1'], 'write'],
    // only exactly a self review is a read: other reviews, other paths, objects from a file or extra arguments are creates
    [['create', '--raw=/apis/authorization.k8s.io/v1/subjectaccessreviews', '--filename=-'], 'write'],
    [['create', '--raw=/apis/authorization.k8s.io/v1/namespaces/shop/localsubjectaccessreviews', '--filename=-'], 'write'],
    [['create', '--raw=/apis/authentication.k8s.io/v1/tokenreviews', '--filename=-'], 'write'],
    [['create', '--raw=/api/v1/namespaces/shop/configmaps', '--filename=-'], 'write'],
    [
      ['create', '--raw=/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/../../../../api/v1/namespaces/shop/pods', '--filename=-'],
      'write',
    ],
    [['create', '--raw=/apis/authorization.k8s.io/v1/selfsubjectaccessreviews?dryRun=All', '--filename=-'], 'write'],
    [['create', '--filename=ssar.yaml'], 'write'],
    [['create', '--raw=/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', 'configmap', 'x', '--filename=-'], 'write'],
    [['create', '--raw=/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', '--raw=/api/v1/pods', '--filename=-'], 'write'],
    [['create', '--raw=/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', '--namespace=shop', '--filename=-'], 'write'],
    [['create', 'namespace', 'x'], 'write'],
    // unknown fails closed
    [['plugin', 'list'], 'write'],
    [['frobnicate'], 'write'],
    [[], 'write'],
    // a --dry-run that is only a value after `--` (an exec argument) does not make the exec a dry run
    [['exec', 'pod', '--', 'echo', '--dry-run=server'], 'write'],
  ])('%j is %s', (argv, effect) => {
    expect(classifyKubectl(argv as string[])).toBe(effect);
  });
});

describe('classifyHelm', () => {
  it.each([
    [['list', '--all-namespaces'], 'read'],
    [['status', 'web'], 'read'],
    [['get', 'values', 'web'], 'read'],
    [['history', 'web'], 'read'],
    [['install', 'web', 'repo/chart', '--dry-run=server'], 'dry-run'],
    [['uninstall', 'web', '--dry-run'], 'dry-run'],
    [['install', 'web', 'repo/chart'], 'write'],
    [['upgrade', 'web', 'repo/chart'], 'write'],
    [['rollback', 'web', '1'], 'write'],
    [['plugin', 'install', 'x'], 'write'],
    [['repo', 'add', 'x', 'y'], 'write'],
  ])('%j is %s', (argv, effect) => {
    expect(classifyHelm(argv as string[])).toBe(effect);
  });
});
