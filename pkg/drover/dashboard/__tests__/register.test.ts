// The registrations with the shell (a recording plugin), and the row actions run the two ways the shell calls them.
import type { IPlugin } from '@shell/core/types';
import { t } from '../../__tests__/support/chat';
import { storeFor } from '../dashboard-store';
import { registerDashboard } from '../register';

interface Recorded {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  actions: { where: string; when: { resource: string[] }; action: { labelKey: string; icon: string; enabled: Function; invoke: Function } }[];
  tabs: { where: string; when: { resource: string[] }; tab: { name: string; labelKey: string; weight: number; component: () => Promise<unknown> } }[];
  cards: { where: string; when: object; card: { labelKey: string; component: () => Promise<unknown> } }[];
}

function register(): Recorded {
  const recorded: Recorded = {
    actions: [], tabs: [], cards: []
  };
  const plugin = {
    addAction: (where: string, when: never, action: never) => recorded.actions.push({
      where, when, action
    }),
    addTab: (where: string, when: never, tab: never) => recorded.tabs.push({
      where, when, tab
    }),
    addCard: (where: string, when: never, card: never) => recorded.cards.push({
      where, when, card
    }),
  };

  registerDashboard(plugin as unknown as IPlugin);

  return recorded;
}

const getters = { clusterId: 'c-m-1', 'i18n/t': t };
const deployment = {
  type: 'apps.deployment', kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'web', namespace: 'shop' }
};
const deploymentRef = {
  cluster: 'c-m-1', apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop'
};

describe('registering Drover in the dashboard\'s pages', () => {
  it('adds the three row actions, with their labels and icons, each to the lists it applies to', () => {
    const { actions } = register();

    expect(actions.map((a) => [a.where, a.action.labelKey, a.action.icon])).toEqual([
      ['table-action', 'drover.ask.whyFailing', 'icon-ai'], ['table-action', 'drover.ask.explain', 'icon-info'], ['table-action', 'drover.ask.logs', 'icon-file'],
    ]);
    expect(actions[0].when.resource).toHaveLength(12);
    expect(actions[0].when.resource).toEqual(expect.arrayContaining(['pod', 'node', 'catalog.cattle.io.app', 'workload']));
    expect(actions[1].when.resource).toEqual(actions[0].when.resource);
    expect(actions[2].when.resource).toEqual(['pod', 'apps.deployment', 'apps.statefulset', 'apps.daemonset', 'batch.job', 'workload']);
    expect(t('drover.ask.whyFailing')).toBe('Ask Drover why this is failing');
    expect(t('drover.ask.explain')).toBe('Explain this');
    expect(t('drover.ask.logs')).toBe('Show logs');
  });

  it('offers each action on the rows it applies to, which matters in the list of every workload type', () => {
    const [whyFailing, , logs] = register().actions;
    const cronJob = { type: 'batch.cronjob', metadata: { name: 'nightly', namespace: 'shop' } };

    expect(whyFailing.action.enabled(cronJob)).toBe(true);
    expect(logs.action.enabled(cronJob)).toBe(false);
    expect(logs.action.enabled(deployment)).toBe(true);
    expect(whyFailing.action.enabled({ type: 'configmap', metadata: { name: 'x' } })).toBe(false);
  });

  it('runs a row action with the host component\'s store when the shell calls it with one', () => {
    const dispatch = jest.fn();
    const [whyFailing] = register().actions;

    expect(whyFailing.action.invoke.apply({ $store: { dispatch, getters } }, [{}, [deployment]])).toBe(true);
    expect(dispatch).toHaveBeenCalledWith('drover/open', {
      prompt: '/diagnose shop', context: { resources: [deploymentRef] }, autoSubmit: true
    });
  });

  it('runs a row action with the object\'s own store context when the shell calls it without `this`', () => {
    const $dispatch = jest.fn();
    const explain = register().actions[1];

    expect(explain.action.invoke.apply(undefined, [{}, [{
      ...deployment, $dispatch, $rootGetters: getters
    }]])).toBe(true);
    expect($dispatch).toHaveBeenCalledWith('drover/open', expect.objectContaining({ context: { resources: [deploymentRef] } }), { root: true });
  });

  it('does nothing for an object of another type, or without any store', () => {
    const dispatch = jest.fn();
    const [whyFailing] = register().actions;

    expect(whyFailing.action.invoke.apply({ $store: { dispatch, getters } }, [{}, [{ type: 'configmap', metadata: { name: 'x', namespace: 'shop' } }]])).toBe(false);
    expect(whyFailing.action.invoke.apply(undefined, [{}, [deployment]])).toBe(false);
    expect(dispatch).not.toHaveBeenCalled();
    expect(storeFor(undefined, undefined)).toBeUndefined();
  });

  it('adds a Drover tab to the detail pages of every type, after their own tabs, loaded on first use', async() => {
    const { tabs } = register();

    expect(tabs).toHaveLength(1);
    expect(tabs[0]).toMatchObject({
      where: 'tab',
      tab:   {
        name: 'drover', labelKey: 'drover.tab.label', weight: -10
      }
    });
    expect(tabs[0].when.resource).toContain('catalog.cattle.io.app');
    expect(tabs[0].when.resource).toContain('node');
    expect(((await tabs[0].tab.component()) as { default: { __name?: string } }).default.__name).toBe('DroverTab');
  });

  it('adds a card to every cluster dashboard, loaded on first use', async() => {
    const { cards } = register();

    expect(cards).toEqual([{
      where: 'cluster-dashboard-card', when: {}, card: { labelKey: 'drover.card.label', component: expect.any(Function) }
    }]);
    expect(((await cards[0].card.component()) as { default: { __name?: string } }).default.__name).toBe('ClusterCard');
  });
});
