import type { FindingsView } from '@drover/protocol';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import {
  mountInChat, PROXY_REFUSAL, startScriptedBackend, t, testController, testHost, until, type ScriptedBackend
} from '../../../__tests__/support/chat';
import { fixtureResult } from '../../../__tests__/support/panel';
import { forgetClusterDiagnoses } from '../../../dashboard/cluster-diagnosis';
import type { DashboardNamespaces } from '../../../host/types';
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

async function mountCard(cluster = 'c-m-1', shown?: DashboardNamespaces) {
  const chat = testController(backend, {}, {
    ...testHost(backend.url), open, dashboardNamespaces: () => shown
  });
  const wrapper = mountInChat(ClusterDiagnosis, chat, { props: { cluster, clusterLabel: 'production' } });

  const done = ['counts', 'healthy', 'error', 'denied'].map((part) => `[data-testid="drover-cluster-card-${ part }"]`).join(', ');

  await until(() => wrapper.find(done).exists(), 'the diagnosis');
  await flushPromises();

  return wrapper;
}

type Wrapper = Awaited<ReturnType<typeof mountCard>>;
const text = (wrapper: Wrapper, id: string) => wrapper.find(`[data-testid="${ id }"]`).text();
const reads = () => backend.requests.filter((r) => r.url === '/api/read');
const namespacesRead = () => reads().map((r) => (r.body as { arguments: { namespace?: string } }).arguments.namespace ?? '(cluster)');

/** What k8s_diagnose answers a project member for the whole cluster (the summary cut short, as the backend does). */
const REFUSED = { isError: true, summary: 'could not check anything: CronJob (forbidden), DaemonSet (forbidden), Event (forbidden), Node (f…' };

/** One namespace's diagnosis: the fixture's findings (worst first) moved to `namespace`, `count` of them from `from`. */
function namespaceResult(namespace: string, count: number, from = 0) {
  const view = {
    ...findings,
    namespace,
    findings: findings.findings.slice(from, from + count).map((f) => ({ ...f, ref: { ...f.ref, namespace } })),
    checked:  { Pod: 2, Service: 1 },
  };

  return {
    json: {
      isError: false, summary: `${ count } problems`, structured: view
    }
  };
}

/** The backend as a project member's roles see it: the whole cluster refused, `readable` namespaces diagnosed. */
function answerAsProjectMember(readable: Record<string, number>, from: Record<string, number> = {}) {
  backend.answer('POST /api/read', (request) => {
    const namespace = (request.body as { arguments: { namespace?: string } }).arguments.namespace;

    if (namespace === undefined || !(namespace in readable)) return { json: REFUSED };

    return namespaceResult(namespace, readable[namespace], from[namespace]);
  });
}

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
    backend.answer('POST /api/read', { json: { isError: true, summary: 'could not check anything: Pod (the server is unavailable)' } });
    let wrapper = await mountCard();

    expect(text(wrapper, 'drover-cluster-card-error')).toBe('The cluster could not be diagnosed: could not check anything: Pod (the server is unavailable)');
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

  describe('for a user whose roles cover only some namespaces', () => {
    it('diagnoses each namespace the user can see when the cluster is refused, and says which ones it covered', async() => {
      answerAsProjectMember({ 'shop-a': 1, 'shop-b': 5 });
      const wrapper = await mountCard('c-m-1', { names: ['shop-a', 'shop-b'], isFiltered: false });

      expect(reads().map((r) => r.body)).toEqual([
        {
          tool: 'k8s_diagnose', arguments: {}, cluster: 'c-m-1'
        },
        {
          tool: 'k8s_diagnose', arguments: { namespace: 'shop-a' }, cluster: 'c-m-1'
        },
        {
          tool: 'k8s_diagnose', arguments: { namespace: 'shop-b' }, cluster: 'c-m-1'
        },
      ]);
      expect(wrapper.find('[data-testid="drover-cluster-card-error"]').exists()).toBe(false);
      expect(text(wrapper, 'drover-cluster-card-counts')).toBe('5 critical 1 warning');
      expect(text(wrapper, 'drover-cluster-card-checked')).toMatch(/^Checked 6 objects at .+\.$/);
      expect(text(wrapper, 'drover-cluster-card-scope')).toBe('Your roles cover namespaces shop-a, shop-b; the rest of the cluster was not checked.');
    });

    it('lists the worst problems of all the namespaces together, worst first', async() => {
      answerAsProjectMember({ 'shop-a': 4, 'shop-b': 2 }, { 'shop-a': 4, 'shop-b': 3 });
      const wrapper = await mountCard('c-m-1', { names: ['shop-a', 'shop-b'], isFiltered: false });
      const rows = wrapper.findAll('[data-testid="drover-cluster-card-finding"]').map((r) => r.text());

      expect(rows).toHaveLength(3);
      expect(rows[0]).toMatch(/^Critical Pod shop-b\/reports/);
      expect(rows[1]).toMatch(/^Warning Pod shop-a\/search/);
      expect(rows[2]).toMatch(/^Warning Service shop-a\/legacy-api/);
      expect(wrapper.text()).toContain('… and 3 more problems');
      expect(text(wrapper, 'drover-cluster-card-counts')).toBe('1 critical 4 warnings 1 info');
    });

    it('leaves out the namespaces that refuse it too, and says how many it checked', async() => {
      answerAsProjectMember({ 'shop-b': 0 });
      const wrapper = await mountCard('c-m-1', { names: ['shop-a', 'shop-b'], isFiltered: false });

      expect(text(wrapper, 'drover-cluster-card-healthy')).toBe('No problem found in this cluster.');
      expect(text(wrapper, 'drover-cluster-card-scope'))
        .toBe('Checked namespaces shop-b (1 of the 2 you can see); the rest of the cluster was not checked.');
    });

    it('diagnoses at most ten namespaces, a few at a time', async() => {
      const names = Array.from({ length: 14 }, (_, i) => `ns-${ String(i).padStart(2, '0') }`);

      answerAsProjectMember(Object.fromEntries(names.map((n) => [n, 0])));
      const wrapper = await mountCard('c-m-1', { names, isFiltered: false });

      expect(namespacesRead()).toEqual(['(cluster)', ...names.slice(0, 10)]);
      expect(text(wrapper, 'drover-cluster-card-scope')).toBe(
        `Checked namespaces ${ names.slice(0, 10).join(', ') } (10 of the 14 you can see); the rest of the cluster was not checked.`
      );
    });

    it('says calmly, not as an error, when the user\'s roles let it read nothing in the cluster', async() => {
      answerAsProjectMember({});
      let wrapper = await mountCard('c-m-1', { names: ['shop-a'], isFiltered: false });

      expect(text(wrapper, 'drover-cluster-card-denied')).toBe('Your roles do not let Drover read this cluster\'s workloads.');
      expect(wrapper.find('[data-testid="drover-cluster-card-denied"]').attributes('role')).toBeUndefined();
      expect(wrapper.find('[data-testid="drover-cluster-card-error"]').exists()).toBe(false);
      expect(wrapper.find('[data-testid="drover-cluster-card-discuss"]').exists()).toBe(false);
      expect(wrapper.find('[data-testid="drover-cluster-card-refresh"]').exists()).toBe(true);
      wrapper = await mountCard('c-m-2');
      expect(text(wrapper, 'drover-cluster-card-denied')).toBe('Your roles do not let Drover read this cluster\'s workloads.');
      expect(namespacesRead()).toEqual(['(cluster)', 'shop-a', '(cluster)']);
    });

    it('shows a namespace\'s failure that is not a refusal as an error when no namespace could be diagnosed', async() => {
      backend.answer('POST /api/read', (request) => ((request.body as { arguments: { namespace?: string } }).arguments.namespace ? { json: { isError: true, summary: 'could not check anything: Pod (connection refused)' } } : { json: REFUSED }));
      const wrapper = await mountCard('c-m-1', { names: ['shop-a'], isFiltered: false });

      expect(text(wrapper, 'drover-cluster-card-error')).toBe('The cluster could not be diagnosed: could not check anything: Pod (connection refused)');
    });

    it('puts which namespaces were checked into the chat with the findings', async() => {
      answerAsProjectMember({ 'shop-a': 2 });
      const wrapper = await mountCard('c-m-1', { names: ['shop-a'], isFiltered: false });

      await wrapper.find('[data-testid="drover-cluster-card-discuss"]').trigger('click');
      const lines = open.mock.calls[0][0].context.attachments[0].text.split('\n');

      expect(lines).toHaveLength(4);
      expect(lines[0]).toMatch(/^Checked 3 objects at /);
      expect(lines[1]).toBe('Your roles cover namespaces shop-a; the rest of the cluster was not checked.');
      expect(lines[2]).toMatch(/^Critical: Pod shop-a\/cache/);
    });
  });

  describe('when the dashboard\'s namespace filter picks namespaces', () => {
    it('diagnoses those namespaces from the start, not the whole cluster, and says so', async() => {
      answerAsProjectMember({ 'shop-a': 1, 'shop-b': 0 });
      const wrapper = await mountCard('c-m-1', { names: ['shop-a', 'shop-b'], isFiltered: true });

      expect(namespacesRead()).toEqual(['shop-a', 'shop-b']);
      expect(text(wrapper, 'drover-cluster-card-scope'))
        .toBe('Checked the namespaces your filter selects: shop-a, shop-b; the rest of the cluster was not checked.');
    });

    it('keeps the latest diagnosis per cluster and filter: the same filter shows it again, another one diagnoses anew', async() => {
      answerAsProjectMember({ 'shop-a': 1, 'shop-b': 0 });
      await mountCard('c-m-1', { names: ['shop-a'], isFiltered: true });
      await mountCard('c-m-1', { names: ['shop-a'], isFiltered: true });
      expect(namespacesRead()).toEqual(['shop-a']);
      const wrapper = await mountCard('c-m-1', { names: ['shop-b'], isFiltered: true });

      expect(namespacesRead()).toEqual(['shop-a', 'shop-b']);
      expect(text(wrapper, 'drover-cluster-card-scope'))
        .toBe('Checked the namespaces your filter selects: shop-b; the rest of the cluster was not checked.');
    });
  });
});
