// A detail page's diagnosis: the commands run through the backend's HTTP chat in one session, their results, and
// which findings concern the object.
import type { FindingsView } from '@drover/protocol';
import { startScriptedBackend, testController, type ScriptedBackend } from '../../__tests__/support/chat';
import { answerDirectCommands } from '../../__tests__/support/dashboard';
import type { Finding } from '../../components/renderers/findings/findings';
import { findingsConcerning, runDiagnosis } from '../diagnosis';
import { targetOf, type DashboardResource } from '../resource-types';

const findings: FindingsView = require('../../__tests__/fixtures/views/findings-namespace.json').view;
const describePod = require('../../__tests__/fixtures/views/describe-pod.json').view;
const describeDeployment = require('../../__tests__/fixtures/views/describe-deployment.json').view;

const target = (type: string, kind: string, name: string, namespace?: string) => targetOf({
  type, kind, metadata: { name, namespace }
} as DashboardResource, 'c-m-1')!;
const names = (list: Finding[]) => list.map((f) => `${ f.ref.kind }/${ f.ref.name }`);
const finding = (kind: string, name: string, namespace = 'ui-shop'): Finding => ({
  ref: {
    kind, name, namespace
  },
  severity: 'warning',
  problem:  'p',
  evidence: [],
  fix:      'f'
});

describe('the findings that concern an object', () => {
  it('are the pod\'s own', () => {
    expect(names(findingsConcerning(findings.findings, target('pod', 'Pod', 'checkout-57b79b7c49-xp2q4', 'ui-shop'), describePod)))
      .toEqual(['Pod/checkout-57b79b7c49-xp2q4']);
  });

  it('include its owners\' and its pods\' (as its description lists them)', () => {
    const list = [finding('Deployment', 'checkout'), finding('Pod', 'web-6dc9b566d9-ghnpw'), finding('Pod', 'unrelated-1')];

    expect(names(findingsConcerning(list, target('pod', 'Pod', 'checkout-57b79b7c49-xp2q4', 'ui-shop'), describePod))).toEqual(['Deployment/checkout']);
    expect(names(findingsConcerning(list, target('apps.deployment', 'Deployment', 'web', 'ui-shop'), describeDeployment))).toEqual(['Pod/web-6dc9b566d9-ghnpw']);
  });

  it('include the jobs and pods named after it in its namespace (a cron job\'s), not other kinds or namespaces', () => {
    const list = [finding('Job', 'nightly-28911'), finding('Pod', 'nightly-28911-x2'), finding('Service', 'nightly-api'), finding('Job', 'nightly-1', 'other')];

    expect(names(findingsConcerning(list, target('batch.cronjob', 'CronJob', 'nightly', 'ui-shop')))).toEqual(['Job/nightly-28911', 'Pod/nightly-28911-x2']);
  });

  it('are all of the namespace\'s for a Helm release', () => {
    expect(findingsConcerning(findings.findings, target('catalog.cattle.io.app', 'App', 'shop', 'ui-shop'))).toHaveLength(8);
  });
});

describe('running a diagnosis', () => {
  let backend: ScriptedBackend;

  beforeEach(async() => {
    backend = await startScriptedBackend();
  });
  afterEach(() => backend.close());

  it('runs the object\'s commands in order as direct commands in one session, with the object and its scope', async() => {
    const requests = answerDirectCommands(backend, { '/diagnose ui-shop': 'findings-namespace', '/describe pod/checkout-57b79b7c49-xp2q4 -n ui-shop': 'describe-pod' });
    const pod = target('pod', 'Pod', 'checkout-57b79b7c49-xp2q4', 'ui-shop');
    const diagnosis = await runDiagnosis(testController(backend).api, pod);
    const context = {
      cluster: 'c-m-1', namespace: 'ui-shop', resources: [pod.ref]
    };

    expect(requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', '/api/chat', { text: '/diagnose ui-shop', context }],
      ['POST', '/api/chat', {
        text: '/describe pod/checkout-57b79b7c49-xp2q4 -n ui-shop', context, sessionId: 'diag-1'
      }],
    ]);
    expect(diagnosis.sessionId).toBe('diag-1');
    expect(diagnosis.steps.map((s) => [s.tool, s.status, s.cluster, s.result?.structured?.kind])).toEqual([
      ['k8s_diagnose', 'done', 'c-m-1', 'findings'], ['k8s_describe', 'truncated', 'c-m-1', 'describe'],
    ]);
    expect(diagnosis.findings?.step).toBe(diagnosis.steps[0]);
    expect(names(diagnosis.findings!.concerning)).toEqual(['Pod/checkout-57b79b7c49-xp2q4']);
    expect(diagnosis.errors).toEqual([]);
  });

  it('reports what the backend refused, and has no findings without a namespace diagnosis', async() => {
    answerDirectCommands(backend, {});
    const diagnosis = await runDiagnosis(testController(backend).api, target('node', 'Node', 'worker-1'));

    expect(diagnosis.errors).toEqual(['unknown command /describe node/worker-1']);
    expect(diagnosis.steps).toEqual([]);
    expect(diagnosis.findings).toBeUndefined();
  });

  it('fails with the backend\'s own message when the chat API refuses the request', async() => {
    backend.answer('POST /api/chat', {
      status: 429,
      json:   {
        error: {
          code: 'rate_limited', message: 'more than 30 messages in a minute: wait a little', retryable: true
        }
      }
    });

    await expect(runDiagnosis(testController(backend).api, target('node', 'Node', 'worker-1'))).rejects.toThrow('more than 30 messages in a minute');
  });
});
