import type { ChatContext } from '@drover/protocol';
import { enableAutoUnmount } from '@vue/test-utils';
import { mountInChat, t, testController, testHost } from '../../../__tests__/support/chat';
import ContextChips from '../ContextChips.vue';
import { chipsOf, refLabel } from '../chips';

enableAutoUnmount(afterEach);

const FULL: ChatContext = {
  cluster:   'c-m-abc',
  namespace: 'shop',
  resources: [{
    kind: 'Pod', name: 'checkout-1', namespace: 'shop'
  }, { kind: 'Node', name: 'worker-2' }],
  attachments: [{
    kind: 'logs', title: 'logs of checkout-1, 2 lines', text: 'panic: boom\nexit 1'
  }],
};

describe('chipsOf', () => {
  it('makes one chip per thing the question carries, in order: cluster, namespace, objects, attachments', () => {
    expect(chipsOf(FULL, t).map((c) => [c.kind, c.label])).toEqual([
      ['cluster', 'Cluster: c-m-abc'], ['namespace', 'Namespace: shop'], ['resource', 'Pod/checkout-1 · shop'], ['resource', 'Node/worker-2'],
      ['attachment', 'logs of checkout-1, 2 lines'],
    ]);
  });

  it('names the cluster by its label when there is one, and counts objects and attachments from 0 for removal', () => {
    const chips = chipsOf(FULL, t, 'production');

    expect(chips[0].label).toBe('Cluster: production');
    expect(chips.filter((c) => c.kind === 'resource').map((c) => c.kind === 'resource' && c.index)).toEqual([0, 1]);
    expect(chips.find((c) => c.kind === 'attachment')).toMatchObject({ index: 0, attachment: FULL.attachments![0] });
  });

  it('has no chips for an empty context', () => {
    expect(chipsOf({}, t)).toEqual([]);
    expect(refLabel({ kind: 'Deployment', name: 'web' })).toBe('Deployment/web');
  });
});

describe('ContextChips', () => {
  const mountChips = (context: ChatContext, removable = false, host = testHost()) => mountInChat(
    ContextChips, testController(undefined, {}, host), { props: { context, removable } }
  );

  it('lists what a question carried, read-only, under an accessible name', () => {
    const wrapper = mountChips(FULL);

    expect(wrapper.find('ul').attributes('aria-label')).toBe(t('drover.composer.chips.label'));
    expect(wrapper.findAll('[data-testid="drover-chip"]').map((c) => c.text())).toEqual([
      'Cluster: c-m-abc', 'Namespace: shop', 'Pod/checkout-1 · shop', 'Node/worker-2', 'logs of checkout-1, 2 lines',
    ]);
    expect(wrapper.find('[data-testid="drover-chip-remove"]').exists()).toBe(false);
  });

  it('shows the start of an attachment\'s text when pointed at', () => {
    const wrapper = mountChips(FULL);

    expect(wrapper.findAll('[data-testid="drover-chip"]')[4].attributes('title')).toBe('panic: boom\nexit 1');
  });

  it('offers to remove everything but the cluster, and says which chip a remove button removes', async() => {
    const wrapper = mountChips(FULL, true);
    const chips = wrapper.findAll('[data-testid="drover-chip"]');

    expect(chips.map((c) => c.find('[data-testid="drover-chip-remove"]').exists())).toEqual([false, true, true, true, true]);
    expect(chips[3].find('button').attributes('aria-label')).toBe('Remove Node/worker-2');

    await chips[3].find('button').trigger('click');
    expect(wrapper.emitted('remove')).toEqual([[expect.objectContaining({
      kind: 'resource', index: 1, label: 'Node/worker-2'
    })]]);
  });

  it('names the page\'s cluster by its label', () => {
    const wrapper = mountChips({ cluster: 'c-m-abc' }, false, testHost(undefined, {
      cluster: 'c-m-abc', clusterLabel: 'production', namespaces: []
    }));

    expect(wrapper.text()).toBe('Cluster: production');
  });

  it('does not give an earlier question\'s cluster the label of the cluster the page shows now', () => {
    const wrapper = mountChips({ cluster: 'c-m-old' }, false, testHost(undefined, {
      cluster: 'c-m-abc', clusterLabel: 'production', namespaces: []
    }));

    expect(wrapper.text()).toBe('Cluster: c-m-old');
  });

  it('shows nothing when the question carried nothing', () => {
    expect(mountChips({}).find('[data-testid="drover-chips"]').exists()).toBe(false);
  });
});
