// The tab and the card as the shell mounts them: the dashboard's store provided by the app, the resource as a prop.
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createStore } from 'vuex';
import { PROXY_REFUSAL, t, until } from '../../../__tests__/support/chat';
import { dashboardChat } from '../../../chat/dashboard-chat';
import { forgetClusterDiagnoses } from '../../../dashboard/cluster-diagnosis';
import { forgetBackendService } from '../../../utils/backend-url';
import ClusterCard from '../ClusterCard.vue';
import DroverTab from '../DroverTab.vue';

enableAutoUnmount(afterEach);

const store = createStore({
  getters: {
    clusterId: () => 'c-m-1', namespaceFilters: () => [], currentCluster: () => ({ nameDisplay: 'production' }), 'i18n/t': () => t
  }
});
const withStore = { global: { plugins: [store] } };

afterAll(() => dashboardChat(store).disconnect());

describe('the shell\'s entries', () => {
  it('mounts the diagnosis of the detail page\'s resource on the cluster being viewed, with the page\'s chat', () => {
    const wrapper = mount(DroverTab, {
      ...withStore,
      props: {
        resource: {
          type: 'apps.deployment', kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'web', namespace: 'shop' }
        }
      }
    });

    expect(wrapper.find('[data-testid="drover-tab"] h3').text()).toBe('Diagnosis of Deployment web');
    expect(wrapper.findAll('[data-testid="drover-tab-command"]').map((c) => c.text())).toEqual(['/diagnose shop', '/describe deployment/web -n shop']);
  });

  it('shows nothing on the page of a type Drover does not know', () => {
    const wrapper = mount(DroverTab, { ...withStore, props: { resource: { type: 'configmap', metadata: { name: 'settings', namespace: 'shop' } } } });

    expect(wrapper.find('[data-testid="drover-tab"]').exists()).toBe(false);
  });

  it('diagnoses the dashboard\'s cluster through the backend behind Rancher\'s service proxy', async() => {
    const fetched: string[] = [];
    const realFetch = global.fetch;

    global.fetch = (async(url: string) => {
      fetched.push(url);
      throw new Error('offline');
    }) as unknown as typeof fetch;
    try {
      const wrapper = mount(ClusterCard, { ...withStore, props: { resource: { id: 'c-m-1', nameDisplay: 'production' } } });

      await until(() => wrapper.find('[data-testid="drover-cluster-card-error"]').exists(), 'the card');
      await flushPromises();
      // No index to find the backend in: the chart's default Service.
      expect(fetched).toEqual(['/v1/uiplugins', '/api/v1/namespaces/cattle-system/services/http:drover:8055/proxy/api/read']);
      expect(wrapper.find('[data-testid="drover-cluster-card-error"]').text()).toBe('The cluster could not be diagnosed: Drover\'s backend cannot be reached (offline)');
    } finally {
      global.fetch = realFetch;
    }
  });

  it('finds the backend where Rancher\'s index says, and says why a user without the role gets no diagnosis', async() => {
    const fetched: string[] = [];
    const realFetch = global.fetch;
    const index = {
      entries: {
        drover: {
          name: 'drover', version: '0.1.0', endpoint: 'http://drover-backend.tools.svc:8055/extension'
        }
      }
    };

    forgetClusterDiagnoses();
    forgetBackendService();
    global.fetch = (async(url: string) => {
      fetched.push(url);

      return url === '/v1/uiplugins' ? new Response(JSON.stringify(index)) : new Response(JSON.stringify(PROXY_REFUSAL.json), { status: 403 });
    }) as unknown as typeof fetch;
    try {
      const wrapper = mount(ClusterCard, { ...withStore, props: { resource: { id: 'c-m-1', nameDisplay: 'production' } } });

      await until(() => wrapper.find('[data-testid="drover-cluster-card-error"]').exists(), 'the card');
      expect(fetched).toEqual(['/v1/uiplugins', '/api/v1/namespaces/tools/services/http:drover-backend:8055/proxy/api/read']);
      expect(wrapper.find('[data-testid="drover-cluster-card-error"]').text()).toBe(t('drover.access.short'));
    } finally {
      global.fetch = realFetch;
    }
  });
});
