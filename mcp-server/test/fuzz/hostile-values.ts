// Hostile strings for injection fuzzing: flags, shell syntax, control characters, unicode tricks, traversal,
// oversize values, and each of these glued onto otherwise valid values. Deterministic (seeded) so a failure
// reproduces. Also the texts and secret shapes the masking tests and the canary sweep feed the server.
import { randomBytes } from 'node:crypto';

const SEEDS = [
  // flags and options that would change whom or where kubectl/helm talk to
  '-',
  '--',
  '-n',
  '-A',
  '--all-namespaces',
  '--kubeconfig=/etc/kubernetes/admin.conf',
  '--server=https://evil.example.com',
  '-s',
  'https://evil.example.com',
  '--token=abc',
  '--as=system:admin',
  '--as-group=system:masters',
  '--context=prod',
  '--insecure-skip-tls-verify',
  '-o=go-template={{.}}',
  '--output=jsonpath={..}',
  '--template={{.}}',
  '--raw=/api',
  '-f=/etc/passwd',
  '--post-renderer=/bin/sh',
  '--repo=http://evil',
  '-l',
  '--force',
  '--grace-period=0',
  '--all',
  '--cascade=orphan',
  // shell metacharacters and command substitution
  '; rm -rf /',
  '$(id)',
  '`id`',
  '| cat /etc/shadow',
  '&& curl http://evil',
  '> /tmp/pwn',
  '< /etc/passwd',
  "'",
  '"',
  '\\',
  '${PATH}',
  '$IFS',
  '*',
  '?',
  '[a-z]',
  '~',
  '#',
  '!',
  '%',
  '{{ .Values }}',
  '%s%n%x',
  // whitespace and control characters
  ' ',
  '\t',
  '\n',
  'a\nb',
  'web\n--as=admin',
  'web\r\n',
  '\u0000',
  'web\u0000--as=admin',
  '\u001b[31m',
  '\u007f',
  '\u2028',
  '\u00a0',
  // unicode tricks: right-to-left override, zero width, homoglyphs, full width, combining marks
  '\u202eweb',
  'we\u200bb',
  'кube-system',
  'ｗｅｂ',
  'web\u0301',
  '𝕨𝕖𝕓',
  'İ',
  'ß',
  '😀',
  // path traversal and URLs
  '../../etc/passwd',
  '/etc/shadow',
  'file:///etc/passwd',
  '~/.kube/config',
  '..',
  '%2e%2e%2f',
  '.\\..\\',
  'http://127.0.0.1:10250/pods',
  'oci://evil.example.com/chart',
  'https://evil.example.com/chart.tgz',
  // Rancher URLs (/k8s/clusters/<id>/…, /v1/<type>/<id>): another cluster, another API, a query, a header
  'local/../../v3',
  'c-m-abc12/../local',
  '..%2f..%2fv3',
  'local?watch=true',
  'local#',
  'local\r\nX-Api-Cattle-Auth: true',
  // selectors and names that are almost valid
  'app=web,--as=x',
  'app in (a,b) --as=x',
  'metadata.name=x --as=y',
  'web --as=admin',
  'WEB',
  'web-',
  '-web',
  'web.',
  'a'.repeat(64),
  // JSON and YAML that try to smuggle
  '{"spec":{"replicas":0}}',
  '[{"op":"remove","path":"/"}]',
  'kind: ClusterRoleBinding',
  '---\nkind: Secret',
  'null',
  '[]',
  '{}',
];

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALID_STEMS = ['web', 'shop', 'app=web', 'status.phase=Running', 'pods', 'deployment', '1m', 'main'];

/** `count` hostile values: every seed, then seeded combinations of stems and seeds. */
export function hostileValues(count: number, seed = 1): string[] {
  const random = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const values = new Set<string>(SEEDS);
  values.add('x'.repeat(20_000));
  while (values.size < count) {
    const shape = Math.floor(random() * 5);
    const a = pick(SEEDS);
    const stem = pick(VALID_STEMS);
    values.add([`${stem}${a}`, `${a}${stem}`, `${stem} ${a}`, `${a}${pick(SEEDS)}`, `${stem},${a}`][shape]);
  }
  return [...values];
}

/**
 * Text built to make a backtracking masking rule take quadratic time, `bytes` long in each shape. The first ones hold
 * nothing secret-shaped, so masking must give them back unchanged.
 */
export function adversarialTexts(bytes: number): { benign: Record<string, string>; secretShaped: Record<string, string> } {
  const fill = (unit: string) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
  return {
    benign: {
      'a-a-a-…': fill('a-'),
      'x://a:a:a:…': `x://${fill('a:')}`,
      'word runs with = and :': fill(`${'w'.repeat(200)}=${'k'.repeat(100)}:`),
      'repeated "password" prefixes': fill('password'),
      dashes: fill('-'),
      'escaped quotes': fill('\\\\\\"'),
    },
    secretShaped: {
      'eyJ-eyJ-…': fill('eyJ-'),
      '"password" with separators': fill('password :'),
      'name/value entries': fill('{"name":"DB_PASSWORD","value":"hunter2"},'),
    },
  };
}

/** Free text holding `secret` in each shape masking must recognise (logs, events, errors, values of any key). */
export function secretShapes(secret: string): string[] {
  return [
    `DB_PASSWORD=${secret} started`,
    `"api_key": "${secret}"`,
    `{"password":"${secret}"}`,
    JSON.stringify({ config: JSON.stringify({ password: secret }) }),
    `SIGNING_KEY=${secret}`,
    `ENCRYPTION_KEY: ${secret}`,
    `private_key: '${secret}'`,
    `MASTER_KEY=${secret}`,
    `hmac-key=${secret}`,
    `Server=db;User Id=app;Pwd=${secret};`,
    `Data Source=db;Password=${secret};`,
    `run --password ${secret} --verbose`,
    `--secret=${secret}`,
    `["--token","${secret}"]`,
    `- --api-key\n- ${secret}`,
    `the password is ${secret}`,
    `Token is ${secret}.`,
    `connecting to postgres://app:${secret}@db:5432/shop`,
    `redis://:${secret}@cache:6379`,
    `Authorization: Bearer ${secret}`,
    `{"name":"DB_PASSWORD","value":"${secret}"}`,
    `{Name:DB_PASSWORD,Value:${secret},ValueFrom:nil}`,
    `{Name: "API_TOKEN", Value: "${secret}"}`,
    `map[name:DB_PASSWORD value:${secret}]`,
    `- name: DB_PASSWORD\n  value: ${secret}`,
  ];
}

/** Credentials recognisable by their own shape (no name says what they are), each unique. */
export function tokenShapes(): string[] {
  const random = (n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') =>
    Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');
  return [
    `sk_live_${random(24)}`,
    `sk_test_${random(24)}`,
    `rk_live_${random(24)}`,
    `sk-proj-${random(40)}`,
    `ghp_${random(36)}`,
    `glpat-${random(20)}`,
    `xoxb-${random(24)}`,
    `AKIA${random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: random(12) })).toString('base64url')}.${random(43)}`,
    `-----BEGIN PRIVATE KEY-----\n${random(64)}\n-----END PRIVATE KEY-----`,
  ];
}
