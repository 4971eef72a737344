import type { FindingsView } from '@drover/protocol';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import {
  mountInChat, PROXY_REFUSAL, startScriptedBackend, t, testController, testHost, until, type ScriptedBackend
} from '../../../__tests__/support/chat';
import { fixtureResult } from '../../../__tests__/support/panel';
import { forgetClusterDiagnoses } from '../../../dashboard/cluster-diagnosis';
import ClusterDiagnosis from '../ClusterDiagnosis.vue';

enableAutoUnmount(afterEach);

const findings: FindingsView = require('../../../__tests__/fixtures/views/findings-namespace.json').view;

let backend: ScriptedBackend;
let open: jest.Mock;

beforeEach(async() => {
  forgetClusterDiagnoses();
  backend = await startScriptedBackend();
  open = jest.fn();
});
afterEach(() => backend.close());

async function mountCard(cluster = 'c-m-1') {
  const chat = testController(backend, {}, { ...testHost(backend.url), open });
  const wrapper = mountInChat(ClusterDiagnosis, chat, { props: { cluster, clusterLabel: 'production' } });

  const shown = ['counts', 'healthy', 'error'].map((part) => `[data-testid="drover-cluster-card-${ part }"]`).join(', ');

  await until(() => wrapper.find(shown).exists(), 'the diagnosis');
  await flushPromises();

  return wrapper;
}

type Wrapper = Awaited<ReturnType<typeof mountCard>>;
const text = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${ id }"]`).text();
const reads = () => backend.requests.filter((r) => r.url === '/api/read');

describe('ClusterDiagnosis (the cluster dashboard\'s card)', () => {
  it('diagnoses the whole cluster it is on, read-only, and sums the problems up by severity', async() => {
    backend.answer('POST /api/read', { json: fixtureResult('findings-namespace') });
    const wrapper = await mountCard();

    expect(reads().map((r) => r.body)).toEqual([{
      tool: 'k8s_diagnose', arguments: {}, cluster: 'c-m-1'
    }]);
    expect(text(wrapper, 'drover-cluster-card-counts')).toBe('4 critical 3 warnings 1 info');
    expect(text(wrapper, 'drover-cluster-card-checked')).toMatch(/^Checked 22 objects at .+\.$/);
  });

  it('lists the three worst problems with links to their objects, and how many more there are', async() => {
    backend.answer('POST /api/read', { json: fixtureResult('findings-namespace') });
    const wrapper = await mountCard();
    const rows = wrapper.findAll('[data-testid="drover-cluster-card-finding"]');

    expect(rows).toHaveLength(3);
    expect(rows[0].text()).toMatch(/^Critical Pod ui-shop\/cache-678c45cfdf-sx7sg OOMKilled/);
    expect(rows[0].find('a').attributes('href')).toBe('#/Pod/ui-shop/cache-678c45cfdf-sx7sg');
    expect(wrapper.text()).toContain('… and 5 more problems');
  });

  it('puts every finding and a question into the chat to discuss them, for the user to send', async() => {
    backend.answer('POST /api/read', { json: fixtureResult('findings-namespace') });
    const wrapper = await mountCard();

    await wrapper.find('[data-testid="drover-cluster-card-discuss"]').trigger('click');
    expect(open).toHaveBeenCalledTimes(1);
    const request = open.mock.calls[0][0];

    expect(request.prompt).toBe('Here is the latest diagnosis of cluster production. Which of these problems should I fix first, and how?');
    expect(request.autoSubmit).toBeUndefined();
    expect(request.context.attachments).toHaveLength(1);
    const [attachment] = request.context.attachments;
    const lines = attachment.text.split('\n');

    expect(attachment).toMatchObject({ kind: 'text', title: 'Diagnosis of cluster production: 8 problems' });
    expect(lines).toHaveLength(9);
    expect(lines[0]).toMatch(/^Checked 22 objects at /);
    expect(lines[2]).toBe(`Critical: Pod ui-shop/checkout-57b79b7c49-xp2q4: ${ findings.findings[1].problem } Fix: ${ findings.findings[1].fix }`);
  });

  it('shows the latest diagnosis again without asking the cluster, and a new one when asked to', async() => {
    backend.answer('POST /api/read', { json: fixtureResult('findings-namespace') });
    await mountCard();
    const again = await mountCard();

    expect(reads()).toHaveLength(1);
    expect(text(again, 'drover-cluster-card-counts')).toBe('4 critical 3 warnings 1 info');
    backend.answer('POST /api/read', { json: { ...fixtureResult('findings-namespace'), structured: { ...findings, findings: [] } } });
    await again.find('[data-testid="drover-cluster-card-refresh"]').trigger('click');
    await until(() => again.find('[data-testid="drover-cluster-card-healthy"]').exists(), 'the new diagnosis');
    expect(reads()).toHaveLength(2);
    expect(text(again, 'drover-cluster-card-healthy')).toBe('No problem found in this cluster.');
    expect(again.findAll('[data-testid="drover-cluster-card-finding"]')).toHaveLength(0);
    await mountCard('c-m-2');
    expect(reads().map((r) => (r.body as { cluster: string }).cluster)).toEqual(['c-m-1', 'c-m-1', 'c-m-2']);
  });

  it('says why there is no diagnosis: the tool failed, or the backend could not be asked', async() => {
    backend.answer('POST /api/read', { json: { isError: true, summary: 'could not check anything: Pod (forbidden)' } });
    let wrapper = await mountCard();

    expect(text(wrapper, 'drover-cluster-card-error')).toBe('The cluster could not be diagnosed: could not check anything: Pod (forbidden)');
    expect(wrapper.find('[data-testid="drover-cluster-card-discuss"]').exists()).toBe(false);
    backend.answer('POST /api/read', {
      status: 503,
      json:   {
        error: {
          code: 'tools_unavailable', message: 'Cluster tools are unavailable', retryable: true
        }
      }
    });
    wrapper = await mountCard('c-m-2');
    expect(text(wrapper, 'drover-cluster-card-error')).toBe('The cluster could not be diagnosed: Cluster tools are unavailable');
  });

  it('says why a user without the "Drover user" role gets no diagnosis, once, not the service proxy\'s refusal', async() => {
    backend.answer('POST /api/read', PROXY_REFUSAL);
    const wrapper = await mountCard();

    expect(text(wrapper, 'drover-cluster-card-error')).toBe(t('drover.access.short'));
    expect(reads()).toHaveLength(1);
  });
});
