import { backendPath, backendSocketUrl } from '../utils/backend-url';

describe('backend URLs through the Kubernetes service proxy', () => {
  it('builds the proxy path of the drover Service in cattle-system', () => {
    expect(backendPath('/api/sessions')).toBe('/api/v1/namespaces/cattle-system/services/http:drover:8055/proxy/api/sessions');
  });

  it('uses wss on an https page and the page\'s own host', () => {
    expect(backendSocketUrl({ protocol: 'https:', host: 'rancher.example.com' }))
      .toBe('wss://rancher.example.com/api/v1/namespaces/cattle-system/services/http:drover:8055/proxy/ws');
  });

  it('uses ws on a plain http page', () => {
    expect(backendSocketUrl({ protocol: 'http:', host: '127.0.0.1:8005' }, 'ws')).toMatch(/^ws:\/\/127\.0\.0\.1:8005\//);
  });
});
