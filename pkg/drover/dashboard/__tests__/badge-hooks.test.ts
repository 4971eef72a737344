// "Ask Drover" beside failing badges, in a store with the shell's own `ui-context` module, hooked elements in the
// page as the shell's directive marks them, and resources whose state changes as the dashboard's models do.
import * as uiContext from '@shell/store/ui-context';
import { reactive } from 'vue';
import { createStore, type Store } from 'vuex';
import { t, until } from '../../__tests__/support/chat';
import { placeAskButtons } from '../badge-buttons';
import { failingBadges, watchFailingBadges } from '../badge-hooks';

// The real buttons, counted: their code is only to be loaded once a badge fails.
jest.mock('../badge-buttons', () => {
  const actual = jest.requireActual('../badge-buttons');

  return { placeAskButtons: jest.fn(actual.placeAskButtons) };
});

type AnyStore = Store<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const opened: unknown[] = [];

function dashboardStore(withUiContext = true): AnyStore {
  return createStore({
    getters: { clusterId: () => 'local', 'i18n/t': () => t },
    modules: {
      ...(withUiContext ? { 'ui-context': { namespaced: true, ...uiContext } } : {}),
      drover: {
        namespaced: true,
        actions:    {
          open: (_context: unknown, request: unknown) => {
            opened.push(request);
          }
        }
      },
    },
  }) as AnyStore;
}

/** A resource as the dashboard's models are: reactive, its state colour derived from its state. */
function model(type: string, name: string, state: string) {
  return reactive({
    type,
    kind:       type === 'pod' ? 'Pod' : 'Deployment',
    apiVersion: type === 'pod' ? 'v1' : 'apps/v1',
    metadata:   { name, namespace: 'shop' },
    state,
    get stateColor() {
      return { crashloopbackoff: 'text-error', unavailable: 'text-warning' }[this.state] ?? 'text-success';
    },
  });
}

/** What the shell's `v-ui-context` does for a hookable element: marks it and registers its context. */
async function hook(store: AnyStore, element: HTMLElement, hookId: string, tag: string, value: unknown): Promise<void> {
  element.setAttribute('ux-context-hook-id', hookId);
  if (!element.isConnected) document.body.append(element);
  await store.dispatch('ui-context/add', {
    tag, value, hookId, icon: 'icon-folder', description: 'Row'
  });
}

function stateCell(): HTMLElement {
  const row = document.createElement('tr');
  const cell = document.createElement('td');

  row.append(cell);
  cell.append(Object.assign(document.createElement('span'), { className: 'badge-state', textContent: 'CrashLoopBackOff' }));

  return cell;
}

const buttons = () => [...document.querySelectorAll<HTMLButtonElement>('[data-testid="drover-badge-ask"]')];

let stop = () => undefined as unknown;

afterEach(() => {
  stop();
  document.body.innerHTML = '';
  opened.length = 0;
  jest.mocked(placeAskButtons).mockClear();
});

describe('Ask Drover beside failing badges', () => {
  it('puts a button into the state cell of a failing row of a type Drover knows, none elsewhere', async() => {
    const store = dashboardStore();

    stop = watchFailingBadges(store);
    await hook(store, stateCell(), 'hookfailing', '__sortable-table-row', model('pod', 'web-1', 'crashloopbackoff'));
    await hook(store, stateCell(), 'hookhealthy', '__sortable-table-row', model('pod', 'web-2', 'running'));
    await hook(store, stateCell(), 'hookother', '__sortable-table-row', { ...model('pod', 'x', 'crashloopbackoff'), type: 'configmap' });
    await until(() => buttons().length > 0, 'the button');

    expect(buttons()).toHaveLength(1);
    const [button] = buttons();

    expect(button.closest('td')?.getAttribute('ux-context-hook-id')).toBe('hookfailing');
    expect(button.textContent?.trim()).toBe('Ask Drover');
    expect(button.title).toBe('Ask Drover why web-1 is failing');
    expect(button.querySelector('.icon-ai')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('puts the button beside a detail page\'s badge, and asks why the object fails when clicked', async() => {
    const store = dashboardStore();
    const title = document.createElement('h1');
    const badge = document.createElement('span');
    const titleClick = jest.fn();

    title.append(badge);
    title.addEventListener('click', titleClick);
    document.body.append(title);
    stop = watchFailingBadges(store);
    await hook(store, badge, 'hookmasthead', '__details-state', model('apps.deployment', 'web', 'unavailable'));
    await until(() => buttons().length > 0, 'the button');

    expect(badge.nextElementSibling).toBe(buttons()[0]);
    buttons()[0].click();
    expect(titleClick).not.toHaveBeenCalled();
    expect(opened).toEqual([{
      prompt:  '/diagnose shop',
      context: {
        resources: [{
          cluster: 'local', apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop'
        }]
      },
      autoSubmit: true,
    }]);
  });

  it('adds the button when a row starts failing, and takes it away when it recovers', async() => {
    const store = dashboardStore();
    const pod = model('pod', 'web-1', 'running');

    stop = watchFailingBadges(store);
    await hook(store, stateCell(), 'hookchanging', '__sortable-table-row', pod);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(buttons()).toHaveLength(0);
    pod.state = 'crashloopbackoff';
    await until(() => buttons().length === 1, 'the button');
    pod.state = 'running';
    await until(() => buttons().length === 0, 'the button to go');
  });

  it('adds one button per badge however often the store changes', async() => {
    const store = dashboardStore();

    stop = watchFailingBadges(store);
    await hook(store, stateCell(), 'hookone', '__sortable-table-row', model('pod', 'web-1', 'crashloopbackoff'));
    await until(() => buttons().length === 1, 'the button');
    await hook(store, stateCell(), 'hooktwo', '__sortable-table-row', model('pod', 'web-2', 'crashloopbackoff'));
    await until(() => buttons().length === 2, 'the second button');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(buttons().map((b) => b.closest('td')?.getAttribute('ux-context-hook-id'))).toEqual(['hookone', 'hooktwo']);
  });

  it('loads nothing while no badge fails', async() => {
    const store = dashboardStore();

    stop = watchFailingBadges(store);
    await hook(store, stateCell(), 'hookhealthy', '__sortable-table-row', model('pod', 'web-2', 'running'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(placeAskButtons).not.toHaveBeenCalled();
  });

  it('watches nothing where the shell has no ui-context store', () => {
    const store = dashboardStore(false);

    stop = watchFailingBadges(store);
    expect(buttons()).toHaveLength(0);
  });

  it('counts only hookable state badges as places for the button', () => {
    const failing = model('pod', 'web-1', 'crashloopbackoff');

    expect(failingBadges([
      {
        tag: '__sortable-table-row', hookId: 'a', value: failing
      },
      { tag: '__sortable-table-row', value: failing },
      {
        tag: 'pod', hookId: 'b', value: failing
      },
      {
        tag: '__details-state', hookId: 'c', value: failing
      },
    ]).map((h) => h.hookId)).toEqual(['a', 'c']);
  });

  it('counts a pod state that means trouble even where the dashboard colours it as info (Rancher 2.15 does for CrashLoopBackOff)', () => {
    const shownAs = (state: string, stateColor: string) => ({
      type: 'pod', state, stateColor, metadata: { name: state, namespace: 'shop' }
    });

    expect(failingBadges(['CrashLoopBackOff', 'ImagePullBackOff', 'Error', 'ContainerCreating', 'Running'].map((state, i) => ({
      tag: '__sortable-table-row', hookId: `h${ i }`, value: shownAs(state.toLowerCase(), 'text-info')
    }))).map((h) => h.resource.state)).toEqual(['crashloopbackoff', 'imagepullbackoff', 'error']);
  });
});
