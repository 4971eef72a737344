import { maskError, maskText, maskValues, redactAlike, redactObject, redactValues, TEXT_RULE_STARTS } from '../../src/policy/redact';
import { adversarialTexts, secretShapes, tokenShapes } from '../fuzz/hostile-values';

const SECRET = 'hunter2-Zq81';

describe('redactObject', () => {
  it('replaces every Secret value with its size, for data and stringData', () => {
    const secret = redactObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 's',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}', team: 'a' },
      },
      data: { password: Buffer.from('hunter22').toString('base64') },
      stringData: { token: 'abc123' },
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
    const env = [
      { name: 'DB_PASSWORD', value: 'hunter2' },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      { name: 'LOG_LEVEL', value: 'info' },
    ];
    const pod = redactObject({ kind: 'Pod', spec: { containers: [{ name: 'a', env }] } });
    expect(pod.spec.containers[0].env).toEqual([{ name: 'DB_PASSWORD', value: '<redacted>' }, env[1], env[2]]);
    const deploy = redactObject({ kind: 'Deployment', spec: { template: { spec: { initContainers: [{ name: 'i', env }] } } } });
    expect(deploy.spec.template.spec.initContainers[0].env[0].value).toBe('<redacted>');
    const cron = redactObject({
      kind: 'CronJob',
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', env }] } } } } },
    });
    expect(cron.spec.jobTemplate.spec.template.spec.containers[0].env[0].value).toBe('<redacted>');
  });

  it('masks ConfigMap keys that name secrets and drops managedFields', () => {
    const cm = redactObject({
      kind: 'ConfigMap',
      metadata: { name: 'c', managedFields: [{ manager: 'x' }] },
      data: { DB_PASSWORD: 'hunter2', LOG_LEVEL: 'info' },
    });
    expect(cm.data).toEqual({ DB_PASSWORD: '<redacted 7 bytes>', LOG_LEVEL: 'info' });
    expect(cm.metadata.managedFields).toBeUndefined();
  });

  it('masks env values in a pod spec wherever it is embedded: PodTemplate, ControllerRevision, deep in a custom resource', () => {
    const containers = () => [
      {
        name: 'app',
        image: 'shop:1',
        env: [
          { name: 'DB_PASSWORD', value: SECRET },
          { name: 'LOG_LEVEL', value: 'info' },
        ],
      },
    ];
    const podTemplate = redactObject({ kind: 'PodTemplate', template: { spec: { containers: containers() } } });
    expect(podTemplate.template.spec.containers[0].env).toEqual([
      { name: 'DB_PASSWORD', value: '<redacted>' },
      { name: 'LOG_LEVEL', value: 'info' },
    ]);
    const revision = redactObject({
      kind: 'ControllerRevision',
      data: { spec: { template: { spec: { initContainers: containers(), ephemeralContainers: containers() } } } },
    });
    expect(JSON.stringify(revision)).not.toContain(SECRET);
    const custom = redactObject({
      kind: 'Pipeline',
      spec: { stages: [{ runs: { on: { pod: { spec: { containers: containers() } } } } }] },
    });
    expect(custom.spec.stages[0].runs.on.pod.spec.containers[0].env[0].value).toBe('<redacted>');
  });

  it('masks the argument after a secret flag and the value of --secret=…, in any container', () => {
    const pod = redactObject({
      kind: 'Pod',
      spec: {
        containers: [
          {
            name: 'a',
            image: 'x',
            args: ['--secret', SECRET, '--verbose', '--password=hunter3-ab', '--port', '80'],
            command: ['app', '--api-token', 'tok-123456'],
          },
        ],
      },
    });
    expect(pod.spec.containers[0].args).toEqual(['--secret', '<redacted>', '--verbose', '--password=<redacted>', '--port', '80']);
    expect(pod.spec.containers[0].command).toEqual(['app', '--api-token', '<redacted>']);
  });

  it('does not change its input', () => {
    const input = { kind: 'Secret', data: { a: 'YQ==' } };
    redactObject(input);
    expect(input.data.a).toBe('YQ==');
  });
});

describe('redactValues', () => {
  it('masks values under sensitive keys at any depth', () => {
    expect(redactValues({ database: { password: 'x', host: 'db' }, auth: { apiKey: 'k' }, list: [{ secretToken: 't' }] })).toEqual({
      database: { password: '<redacted>', host: 'db' },
      auth: { apiKey: '<redacted>' },
      list: [{ secretToken: '<redacted>' }],
    });
  });

  it('masks whole subtrees under a sensitive key, keeping their shape, and remembers what it hid', () => {
    const hidden = new Set<string>();
    const values = redactValues(
      {
        secrets: { apiKey: 'k-123456', extra: { webhook: 'w-123456' } },
        tokens: ['t-123456', { name: 'ci', value: 'c-123456' }],
        credentials: [[1, 'n-123456']],
        extraEnv: [{ name: 'SIGNING_KEY', value: 's-123456' }],
        extraArgs: ['--token', 'a-123456'],
        replicas: 2,
      },
      hidden,
    );
    expect(values).toEqual({
      secrets: { apiKey: '<redacted>', extra: { webhook: '<redacted>' } },
      tokens: ['<redacted>', { name: '<redacted>', value: '<redacted>' }],
      credentials: [['<redacted>', '<redacted>']],
      extraEnv: [{ name: 'SIGNING_KEY', value: '<redacted>' }],
      extraArgs: ['--token', '<redacted>'],
      replicas: 2,
    });
    // "ci" is masked in the values, but too short to hide wherever it appears.
    expect([...hidden].sort()).toEqual(['a-123456', 'c-123456', 'k-123456', 'n-123456', 's-123456', 't-123456', 'w-123456']);
  });
});

describe('maskValues', () => {
  it('masks the hidden values wherever a text echoes them, longest first, ignoring values too short to mean anything', () => {
    const notes = 'Your key is k-123456 (also k-123456-old); replicas: 2; set x to admin';
    expect(maskValues(notes, new Set(['k-123456', 'k-123456-old', 'admin']))).toBe(
      'Your key is <redacted> (also <redacted>); replicas: 2; set x to admin',
    );
  });
});

describe('redactAlike', () => {
  it('hides a value redacted on one side wherever it appears on either (a secret copied into an annotation)', () => {
    const env = [{ name: 'DB_PASSWORD', value: SECRET }];
    const before = {
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { template: { spec: { containers: [{ name: 'web', image: 'x', env }] } } },
    };
    const after = { ...before, metadata: { name: 'web', annotations: { x: SECRET, y: `prefix ${SECRET} suffix` } } };
    const [, redacted] = redactAlike([before, after]);
    expect(redacted.metadata.annotations).toEqual({ x: '<redacted>', y: 'prefix <redacted> suffix' });
  });

  it('hides Secret values in their base64 and decoded forms, and the last-applied annotation', () => {
    const lastApplied = '{"kind":"Secret","data":{"k":"aHVudGVyMi1acTgx"}}';
    const before = {
      kind: 'Secret',
      metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } },
      data: { k: Buffer.from(SECRET).toString('base64') },
    };
    const after = { kind: 'ConfigMap', metadata: { name: 'c', annotations: { a: SECRET, b: before.data.k, c: lastApplied } } };
    expect(redactAlike([before, after])[1].metadata.annotations).toEqual({ a: '<redacted>', b: '<redacted>', c: '<redacted>' });
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

  it.each(secretShapes(SECRET))('masks the secret in %j', (text) => {
    expect(maskText(text)).not.toContain('hunter2');
  });

  it.each(tokenShapes())('masks the token %j, recognised by its shape alone', (token) => {
    expect(maskText(`found ${token} in the config`)).not.toContain(token.slice(12));
  });

  it.each([
    'labels: key=app, selector key: web',
    'the token is expired',
    'password is required',
    'the API token is Invalid.',
    'PWD=/root',
    'GET /healthz 200',
    'Error from server (Forbidden): secrets is forbidden: User "viewer" cannot list resource "secrets" in the namespace "shop"',
    'publicKey: ssh-ed25519',
    'cache-key=abc123',
    'http://web:8080/path',
    'tokens remaining: none',
  ])('leaves %j alone', (text) => {
    expect(maskText(text)).toBe(text);
  });

  describe('on adversarial text, in time linear in its length', () => {
    const { benign, secretShaped } = adversarialTexts(1024 * 1024);
    it.each(Object.entries(benign))('gives back 1 MiB of %s unchanged', (_, text) => {
      expect(maskText(text) === text).toBe(true);
      expect(maskError(text) === text).toBe(true);
    });
    it.each(Object.entries({ ...benign, ...secretShaped }))('still masks a secret after 1 MiB of %s', (_, text) => {
      expect(maskText(`${text} DB_PASSWORD=${SECRET}`)).not.toContain(SECRET);
      expect(maskError(`${text}\n"password": "${SECRET}"`)).not.toContain(SECRET);
    });
    it('starts every rule with a pattern whose repeats are all bounded (a constant cost per position)', () => {
      // Escapes and character classes cannot repeat; what is left must hold no *, + or {n,}.
      const unbounded = TEXT_RULE_STARTS.map((re) => re.source).filter((source) =>
        /[*+]|\{\d*,\}/.test(source.replace(/\\./g, '').replace(/\[[^\]]*\]/g, '')),
      );
      expect(unbounded).toEqual([]);
    });
  });
});

describe('maskError', () => {
  const object = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ spec: { x: SECRET } }) } },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'web',
              args: ['--secret', SECRET],
              env: [
                { name: 'DB_PASSWORD', value: SECRET },
                { name: 'LOG', value: 'info' },
              ],
            },
          ],
        },
      },
    },
  };
  const json = JSON.stringify(object);

  it.each([
    ['JSON', json],
    [
      'JSON inside JSON (the API server quotes the patched object)',
      `The request is invalid: patch: Invalid value: ${JSON.stringify(json)}: json: cannot unmarshal`,
    ],
    ['JSON inside JSON inside JSON', JSON.stringify(JSON.stringify(json))],
    [
      'a Go diff',
      `pod updates may not change fields\n  Env: []core.EnvVar{\n+ {Name: "X", Value: "y"},\n  {Name: "DB_PASSWORD", Value: "${SECRET}"},`,
    ],
    ['a Go struct', `{Name:DB_PASSWORD,Value:${SECRET},ValueFrom:nil}`],
    ['a Go map', `Invalid value: "map[env:[map[name:DB_PASSWORD value:${SECRET}]]]"`],
    ['the last-applied annotation as YAML', `kubectl.kubernetes.io/last-applied-configuration: {"spec":{"x":"${SECRET}"}}`],
  ])('masks env values, flags and the last-applied annotation in %s', (_, text) => {
    const masked = maskError(text);
    expect(masked).not.toContain(SECRET);
    expect(masked.includes('info')).toBe(text.includes('info'));
  });

  it('masks the data of a Secret quoted in an error, as JSON or as a Go struct', () => {
    const secret = JSON.stringify({
      kind: 'Secret',
      data: { 'tls.key': Buffer.from(SECRET).toString('base64') },
      stringData: { note: SECRET },
    });
    const masked = maskError(
      `Secret "s" is invalid: ${JSON.stringify(secret)} and core.Secret{Data: map[string][]uint8{"tls.key": {0x68, 0x75}}, StringData: map[string]string{"note": "${SECRET}"}}`,
    );
    expect(masked).not.toContain(SECRET);
    expect(masked).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(masked).not.toContain('0x68');
  });

  it('keeps validation messages that follow "data:"', () => {
    const text = 'error validating "": error validating data: [ValidationError(Deployment.spec): unknown field "replica"]';
    expect(maskError(text)).toBe(text);
  });
});
