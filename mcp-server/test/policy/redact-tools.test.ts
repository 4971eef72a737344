// Redaction as the tools apply it, against the real cluster: the red team's findings, each reproduced with a canary.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { readFileSync } from 'node:fs';
import { ADMIN, connect, EDITOR, textOf, type Connected } from '../support/harness';
import { leakedPlaces, plantCanaries, PLANTED, type Place } from '../support/canaries';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = 'mask-tools';
let canaries: Record<Place, string>;
let editor: Connected;
let admin: Connected;

/** The places whose canary a result shows anywhere: text, structured content, _meta. */
const leaks = (res: CallToolResult) => leakedPlaces(canaries, JSON.stringify(res));

beforeAll(async () => {
  canaries = await plantCanaries(NS);
  editor = await connect({ identity: EDITOR, plans: true });
  admin = await connect({ identity: ADMIN });
}, 300_000);
afterAll(async () => {
  await editor?.close();
  await admin?.close();
});

describe('masking is linear, and applies to what is returned', () => {
  it.each(['yaml', 'json'])('k8s_get output=%s of an 80 KB adversarial ConfigMap value masks the secret inside it', async (output) => {
    const res = await editor.call('k8s_get', { kind: 'configmap', name: PLANTED.adversarialConfigMap, namespace: NS, output });
    expect(textOf(res)).toContain('a-a-a-a-');
    expect(leaks(res)).toEqual([]);
  });

  it('k8s_events cuts a 40 KB event message and masks what it shows', async () => {
    const res = await editor.call('k8s_events', { namespace: NS });
    const row = (res.structuredContent as any).events.find((e: any) => e.reason === 'BadConfig');
    expect(row.message).toMatch(/^the password is <masked> a-a-a-/);
    expect(row.message.length).toBeLessThanOrEqual(1025);
    expect(leaks(res)).toEqual([]);
  });
});

describe('plans are masked like results', () => {
  it('a JSON patch copying a secret env value into an annotation shows it redacted in the plan', async () => {
    const res = await editor.call('k8s_patch', {
      kind: 'deployment',
      name: PLANTED.deployment,
      namespace: NS,
      type: 'json',
      patch: [{ op: 'copy', from: '/spec/template/spec/containers/0/env/0/value', path: '/metadata/annotations/x' }],
    });
    expect(res.isError).toBeFalsy();
    expect((res.structuredContent as any).diff).toMatch(/\+\s+x: <redacted>/);
    expect(leaks(res)).toEqual([]);
  });

  it('a patch that sets a secret env value shows neither the value in the command nor in the diff', async () => {
    const res = await editor.call('k8s_patch', {
      kind: 'deployment',
      name: PLANTED.deployment,
      namespace: NS,
      patch: {
        spec: {
          template: {
            spec: {
              containers: [
                { name: PLANTED.container, env: [{ name: 'DB_PASSWORD', value: canaries.deploymentEnv.replace('CANARY', 'CANARY-new') }] },
              ],
            },
          },
        },
      },
    });
    expect(res.isError).toBeFalsy();
    expect(JSON.stringify(res)).not.toContain('CANARY-new');
  });
});

describe('errors are masked like results', () => {
  it.each([
    ['a Deployment', 'deployment', PLANTED.applied, { spec: { replicas: 'many' } }],
    ['a ConfigMap', 'configmap', PLANTED.configMap, { metadata: { labels: 5 } }],
  ])(
    'an invalid patch of %s, whose error quotes the whole object, shows no secret to the client or in the audit log',
    async (_, kind, name, patch) => {
      const res = await editor.call('k8s_patch', { kind, name, namespace: NS, type: 'merge', patch });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toContain('Invalid value');
      expect(leaks(res)).toEqual([]);
      expect(leakedPlaces(canaries, readFileSync(editor.rt.config.audit.file!, 'utf8'))).toEqual([]);
    },
  );
});

describe('pod specs are found wherever they are embedded', () => {
  it.each([
    ['the ControllerRevision of a StatefulSet', 'controllerrevisions', undefined],
    ['a PodTemplate', 'podtemplates', PLANTED.podTemplate],
    ['a custom resource with a pod spec nested deep', 'pipelines.mask.drover.test', PLANTED.customResource],
    ['a CronJob', 'cronjobs', PLANTED.cronJob],
  ])('%s shows no env value (yaml and json)', async (_, kind, name) => {
    for (const output of ['yaml', 'json']) {
      const res = await admin.call('k8s_get', { kind, namespace: NS, output, ...(name ? { name } : {}) });
      expect(res.isError).toBeFalsy();
      expect(textOf(res)).toContain('<redacted>');
      expect(leaks(res)).toEqual([]);
    }
  });
});

describe('secret-shaped values in ordinary places', () => {
  it.each(['yaml', 'json'])(
    'output=%s masks a password inside a JSON value, container args after --secret and --password=…',
    async (output) => {
      for (const [kind, name] of [
        ['configmap', PLANTED.configMap],
        ['deployment', PLANTED.deployment],
      ]) {
        const res = await editor.call('k8s_get', { kind, name, namespace: NS, output });
        expect(leaks(res)).toEqual([]);
      }
    },
  );

  it('k8s_logs masks every secret shape in log lines', async () => {
    const res = await editor.call('k8s_logs', { kind: 'deployment', name: PLANTED.deployment, namespace: NS });
    expect(textOf(res)).toContain('GET /healthz 200');
    expect(leaks(res)).toEqual([]);
  });
});
