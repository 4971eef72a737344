import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import {
  mountInChat, PROXY_REFUSAL, startScriptedBackend, testController, testHost, until, type ScriptedBackend
} from '../../../__tests__/support/chat';
import { answerDirectCommands } from '../../../__tests__/support/dashboard';
import { targetOf } from '../../../dashboard/resource-types';
import ResourceDiagnosis from '../ResourceDiagnosis.vue';

enableAutoUnmount(afterEach);

const POD = 'checkout-57b79b7c49-xp2q4';
const podTarget = targetOf({
  type: 'pod', kind: 'Pod', apiVersion: 'v1', metadata: { name: POD, namespace: 'ui-shop' }
}, 'c-m-1')!;
const deploymentTarget = targetOf({
  type: 'apps.deployment', kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'web', namespace: 'ui-shop' }
}, 'c-m-1')!;
const releaseTarget = targetOf({
  type: 'catalog.cattle.io.app', kind: 'App', metadata: { name: 'shop', namespace: 'ui-shop' }
}, 'c-m-1')!;

let backend: ScriptedBackend;
let open: jest.Mock;

beforeEach(async() => {
  backend = await startScriptedBackend();
  open = jest.fn();
});
afterEach(() => backend.close());

function mountTab(target = podTarget) {
  const chat = testController(backend, {}, { ...testHost(backend.url), open });

  return mountInChat(ResourceDiagnosis, chat, { props: { target } });
}

type Wrapper = ReturnType<typeof mountTab>;
const byTestId = (wrapper: Wrapper, id: string) => wrapper.findAll(`[data-testid="${ id }"]`);

async function diagnose(wrapper: Wrapper): Promise<void> {
  await wrapper.find('[data-testid="drover-tab-diagnose"]').trigger('click');
  expect(wrapper.find('[data-testid="drover-tab-diagnose"]').text()).toBe('Diagnosing…');
  await until(() => wrapper.find('[data-testid="drover-tab-result"]').exists() || wrapper.find('[role="alert"]').exists(), 'the diagnosis to end');
  await flushPromises();
}

describe('ResourceDiagnosis (the Drover tab of a detail page)', () => {
  it('says what it will run before anything runs, and runs nothing on its own', async() => {
    const wrapper = mountTab();

    expect(wrapper.find('h3').text()).toBe(`Diagnosis of Pod ${ POD }`);
    expect(byTestId(wrapper, 'drover-tab-command').map((c) => c.text())).toEqual(['/diagnose ui-shop', `/describe pod/${ POD } -n ui-shop`]);
    expect(wrapper.find('[data-testid="drover-tab-diagnose"]').text()).toBe('Diagnose');
    expect(byTestId(wrapper, 'drover-tab-continue')).toHaveLength(0);
    await flushPromises();
    expect(backend.requests).toEqual([]);
  });

  it('diagnoses in one click: the problems of this pod with evidence and fix, then its description', async() => {
    answerDirectCommands(backend, { '/diagnose ui-shop': 'findings-namespace', [`/describe pod/${ POD } -n ui-shop`]: 'describe-pod' });
    const wrapper = mountTab();

    await diagnose(wrapper);
    expect(wrapper.find('[data-testid="drover-tab-verdict"]').text()).toBe('1 problem concerns this Pod:');
    const findings = byTestId(wrapper, 'drover-finding');

    expect(findings).toHaveLength(1);
    expect(findings[0].find('[data-testid="drover-finding-problem"]').text()).toMatch(/^CrashLoopBackOff/);
    expect(findings[0].find('a').attributes('href')).toBe(`#/Pod/ui-shop/${ POD }`);
    // The namespace's diagnosis is the problems above; the description shows as the chat shows a step.
    expect(byTestId(wrapper, 'drover-step')).toHaveLength(1);
    await until(() => wrapper.find('[data-testid="drover-describe-view"]').exists(), 'the description');
    expect(wrapper.find('[data-testid="drover-tab-diagnose"]').text()).toBe('Diagnose again');
  });

  it('continues the diagnosis\'s session in the panel, with the object and a question to edit', async() => {
    answerDirectCommands(backend, { '/diagnose ui-shop': 'findings-namespace', [`/describe pod/${ POD } -n ui-shop`]: 'describe-pod' });
    const wrapper = mountTab();

    await diagnose(wrapper);
    await wrapper.find('[data-testid="drover-tab-continue"]').trigger('click');
    expect(open).toHaveBeenCalledWith({
      sessionId: 'diag-1',
      prompt:    `Why is Pod ${ POD } failing in namespace ui-shop, and what should I do about it?`,
      context:   { resources: [podTarget.ref] },
    });
  });

  it('opens the panel with the request to fix a finding', async() => {
    answerDirectCommands(backend, { '/diagnose ui-shop': 'findings-namespace', [`/describe pod/${ POD } -n ui-shop`]: 'describe-pod' });
    const wrapper = mountTab();

    await diagnose(wrapper);
    await wrapper.find('[data-testid="drover-finding-ask"]').trigger('click');
    expect(open).toHaveBeenCalledWith(expect.objectContaining({ context: { resources: [expect.objectContaining({ kind: 'Pod', name: POD })] } }));
    expect(open.mock.calls[0][0].prompt).toMatch(/^Fix this problem on Pod/);
  });

  it('says plainly when nothing concerns the object', async() => {
    answerDirectCommands(backend, { '/diagnose ui-shop': 'findings-namespace', '/describe deployment/web -n ui-shop': 'describe-deployment' });
    const wrapper = mountTab(deploymentTarget);

    await diagnose(wrapper);
    const verdict = wrapper.find('[data-testid="drover-tab-verdict"]');

    expect(verdict.text()).toBe('No problem found for this Deployment.');
    expect(verdict.classes()).toContain('drover-diagnosis__verdict--healthy');
    expect(byTestId(wrapper, 'drover-finding')).toHaveLength(0);
  });

  it('shows a release\'s status and every problem of its namespace', async() => {
    answerDirectCommands(backend, {
      '/helm status shop -n ui-shop': {
        isError:    false,
        summary:    'deployed',
        structured: {
          kind: 'text', title: 'helm status shop', text: 'STATUS: deployed', truncated: false
        }
      },
      '/diagnose ui-shop': 'findings-namespace',
    });
    const wrapper = mountTab(releaseTarget);

    await diagnose(wrapper);
    expect(wrapper.find('[data-testid="drover-tab-verdict"]').text()).toBe('8 problems found in namespace ui-shop:');
    expect(byTestId(wrapper, 'drover-finding')).toHaveLength(8);
    expect(byTestId(wrapper, 'drover-step')).toHaveLength(1);
  });

  it('shows what the backend refused, and why the diagnosis could not run at all', async() => {
    answerDirectCommands(backend, {});
    const wrapper = mountTab(deploymentTarget);

    await diagnose(wrapper);
    expect(byTestId(wrapper, 'drover-tab-error').map((e) => e.text())).toEqual(['unknown command /diagnose ui-shop', 'unknown command /describe deployment/web -n ui-shop']);

    backend.answer('POST /api/chat', {
      status: 503,
      json:   {
        error: {
          code: 'tools_unavailable', message: 'Cluster tools are unavailable', retryable: true
        }
      }
    });
    await diagnose(wrapper);
    expect(wrapper.find('[role="alert"]').text()).toBe('The diagnosis could not run: Cluster tools are unavailable');
  });

  it('says why a user without the "Drover user" role gets no diagnosis, not the service proxy\'s refusal', async() => {
    backend.answer('POST /api/chat', PROXY_REFUSAL);
    const wrapper = mountTab();

    await diagnose(wrapper);
    expect(wrapper.find('[role="alert"]').text()).toBe('You are not allowed to use Drover. An administrator grants it with the global role "Drover user" (Users & Authentication → Users → Edit Config).');
  });
});
