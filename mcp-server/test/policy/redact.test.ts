import { maskText, redactObject, redactValues } from '../../src/policy/redact';

describe('redactObject', () => {
  it('replaces every Secret value with its size, for data and stringData', () => {
    const secret = redactObject({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}', team: 'a' } },
      data: { password: Buffer.from('hunter22').toString('base64') }, stringData: { token: 'abc123' },
    });
    expect(secret.data).toEqual({ password: '<redacted 8 bytes>' });
    expect(secret.stringData).toEqual({ token: '<redacted 6 bytes>' });
    expect(secret.metadata.annotations).toEqual({ team: 'a' });
  });

  it('redacts Secrets inside an API list, whose items carry no kind of their own', () => {
    const list = redactObject({ kind: 'SecretList', apiVersion: 'v1', items: [{ metadata: { name: 'a' }, data: { k: 'dmFsdWU=' } }] });
    expect(list.items[0].data.k).toBe('<redacted 5 bytes>');
  });

  it('redacts Secrets inside a List', () => {
    const list = redactObject({ kind: 'List', items: [{ kind: 'Secret', metadata: { name: 'a' }, data: { k: 'dmFsdWU=' } }] });
    expect(list.items[0].data.k).toBe('<redacted 5 bytes>');
  });

  it('masks sensitive env values in pod specs, workload templates and cronjob templates, keeping references', () => {
    const env = [{ name: 'DB_PASSWORD', value: 'hunter2' }, { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }, { name: 'LOG_LEVEL', value: 'info' }];
    const pod = redactObject({ kind: 'Pod', spec: { containers: [{ name: 'a', env }] } });
    expect(pod.spec.containers[0].env).toEqual([{ name: 'DB_PASSWORD', value: '<redacted>' }, env[1], env[2]]);
    const deploy = redactObject({ kind: 'Deployment', spec: { template: { spec: { initContainers: [{ name: 'i', env }] } } } });
    expect(deploy.spec.template.spec.initContainers[0].env[0].value).toBe('<redacted>');
    const cron = redactObject({ kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', env }] } } } } } });
    expect(cron.spec.jobTemplate.spec.template.spec.containers[0].env[0].value).toBe('<redacted>');
  });

  it('masks ConfigMap keys that name secrets and drops managedFields', () => {
    const cm = redactObject({ kind: 'ConfigMap', metadata: { name: 'c', managedFields: [{ manager: 'x' }] }, data: { DB_PASSWORD: 'hunter2', LOG_LEVEL: 'info' } });
    expect(cm.data).toEqual({ DB_PASSWORD: '<redacted 7 bytes>', LOG_LEVEL: 'info' });
    expect(cm.metadata.managedFields).toBeUndefined();
  });

  it('does not change its input', () => {
    const input = { kind: 'Secret', data: { a: 'YQ==' } };
    redactObject(input);
    expect(input.data.a).toBe('YQ==');
  });
});

describe('redactValues', () => {
  it('masks values under sensitive keys at any depth', () => {
    expect(redactValues({ database: { password: 'x', host: 'db' }, auth: { apiKey: 'k' }, list: [{ secretToken: 't' }] }))
      .toEqual({ database: { password: '<redacted>', host: 'db' }, auth: { apiKey: '<redacted>' }, list: [{ secretToken: '<redacted>' }] });
  });
});

describe('maskText', () => {
  it.each([
    ['Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXZhbHVl', 'eyJhbGci'],
    ['token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXZhbHVl', 'eyJzdWIi'],
    ['connecting to postgres://app:s3cr3t-pw@db:5432/shop', 's3cr3t-pw'],
    ['aws key AKIAIOSFODNN7EXAMPLE found', 'AKIAIOSFODNN7EXAMPLE'],
    ['github ghp_abcdefghijklmnopqrstuvwxyz0123456789AB', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789AB'],
    ['DB_PASSWORD=hunter2 started', 'hunter2'],
    ['"api_key": "sk-live-123456"', 'sk-live-123456'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', 'MIIEow'],
    ['Basic dXNlcjpwYXNzd29yZA==', 'dXNlcjpwYXNzd29yZA=='],
  ])('masks the secret in %j', (text, secret) => {
    expect(maskText(text)).not.toContain(secret);
  });

  it('leaves ordinary log lines and existing markers alone', () => {
    const line = 'GET /api/products 200 12.1ms password: <redacted 8 bytes>';
    expect(maskText(line)).toBe(line);
  });
});
