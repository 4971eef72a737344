// What a real Rancher in front of the API server needed: Rancher's cluster proxy redirects the bare discovery roots
// to its own root (losing /k8s/clusters/<id>), and its unavailable ext.cattle.io API makes kubectl log noise. The
// gateway asks for them with the slash. The real Rancher proves it end to end in rancher-identity.test.ts.
import { withDiscoverySlash } from '../../src/gateway/upstream';
import { withoutDiscoveryNoise } from '../../src/kube/invoke';

describe('paths sent through Rancher', () => {
  it.each([
    ['/api', '/api/'],
    ['/apis', '/apis/'],
    ['/apis?timeout=32s', '/apis/?timeout=32s'],
  ])('asks for the discovery root %s as %s', (path, sent) => {
    expect(withDiscoverySlash(path)).toBe(sent);
  });

  it.each(['/api/', '/api/v1', '/apis/apps/v1/deployments', '/apiserver', '/apis-x', '/openapi/v2', '/version'])(
    'leaves %s alone',
    (path) => {
      expect(withDiscoverySlash(path)).toBe(path);
    },
  );
});

describe("kubectl's discovery noise", () => {
  const noise =
    'E1204 19:32:19.050437   22901 memcache.go:287] "Unhandled Error" err="couldn\'t get resource list for ext.cattle.io/v1: the server is currently unable to handle the request"';

  it('drops the lines about API groups it could not list, and keeps the real error', () => {
    const stderr = `${noise}\n${noise}\nError from server (Forbidden): deployments.apps "web" is forbidden: User "u-1" cannot patch\n`;
    expect(withoutDiscoveryNoise(stderr)).toBe(
      'Error from server (Forbidden): deployments.apps "web" is forbidden: User "u-1" cannot patch\n',
    );
  });

  it('keeps every other line, including other klog errors', () => {
    const other = 'E1204 19:32:19.050437   22901 reflector.go:200] failed to watch';
    expect(withoutDiscoveryNoise(`${other}\n`)).toBe(`${other}\n`);
  });

  it('leaves a 200 KB line that only almost matches unchanged', () => {
    const long = `E1204 19:32:19.050437   22901 memcache.go:287] ${'x'.repeat(200_000)}`;
    expect(withoutDiscoveryNoise(long)).toBe(long);
  });
});
