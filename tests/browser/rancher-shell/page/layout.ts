// The dashboard's frame: initialize/App.vue (one WindowManager, teleported into the layout's #wm-container-<layout>
// once the layout says it is mounted) and components/templates/default.vue (header, side nav, main, the
// window-manager container in the `.dashboard-content` grid of the shell's _layout.scss, the slide-in panel). The
// side nav and the page are static placeholders: a real Rancher page needs Rancher's API.
import { defineComponent, h, inject, onMounted, provide, ref, Teleport } from 'vue';
import { useStore } from 'vuex';
import SlideInPanelManager from '@shell/components/SlideInPanelManager.vue';
import WindowManager from '@shell/components/nav/WindowManager/index.vue';
import { HeaderBar } from './header';

const WORKLOADS = [
  { name: 'web', kind: 'Deployment', state: 'Active' },
  { name: 'checkout', kind: 'Deployment', state: 'CrashLoopBackOff' },
  { name: 'payments', kind: 'Deployment', state: 'ImagePullBackOff' },
  { name: 'cache', kind: 'Deployment', state: 'Active' },
  { name: 'reports', kind: 'Deployment', state: 'Pending' },
  { name: 'nightly-report', kind: 'Job', state: 'Failed' },
];

const SideNav = defineComponent({
  name: 'HarnessSideNav',
  setup() {
    const items = ['Cluster', 'Projects/Namespaces', 'Nodes', 'Workloads', 'Apps', 'Service Discovery', 'Storage'];
    return () => h('nav', { class: 'harness-side-nav default-side-nav', 'aria-label': 'Cluster' }, [
      h('ul', items.map((item) => h('li', { class: item === 'Workloads' ? 'active' : undefined }, [h('a', { href: '#' }, item)]))),
    ]);
  },
});

const WorkloadsPage = defineComponent({
  name: 'HarnessWorkloadsPage',
  setup() {
    return () => h('div', { class: 'outlet' }, [
      h('header', [h('div', { class: 'title' }, [h('h1', 'Workloads')])]),
      h('ul', { class: 'harness-workloads', 'aria-label': 'Workloads' }, WORKLOADS.map((w) => h('li', [
        h('span', { class: 'harness-workload-name' }, w.name),
        h('span', { class: 'harness-workload-kind text-muted' }, w.kind),
        h('span', { class: `badge-state ${ w.state === 'Active' ? 'bg-success' : 'bg-error' }` }, w.state),
      ]))),
    ]);
  },
});

const DefaultLayout = defineComponent({
  name: 'HarnessDefaultLayout',
  setup() {
    const store = useStore();
    const notifyWmContainerReady = inject<(layout: string) => void>('notifyWmContainerReady')!;
    onMounted(() => notifyWmContainerReady('default'));
    return () => h('div', { class: 'dashboard-root' }, [
      h('div', { class: 'dashboard-content' }, [
        h(HeaderBar),
        h(SideNav),
        h('main', { id: 'main-content', class: 'main-layout', 'aria-label': store.getters['i18n/t']('layouts.default'), tabindex: -1 }, [h(WorkloadsPage)]),
        // display: contents makes the window manager's panels items of the .dashboard-content grid.
        h('div', { id: 'wm-container-default', style: 'display: contents;' }),
      ]),
      h(SlideInPanelManager),
    ]);
  },
});

export const HarnessApp = defineComponent({
  name: 'HarnessApp',
  setup() {
    const currentLayout = ref<string | null>(null);
    provide('notifyWmContainerReady', (layout: string) => { currentLayout.value = layout; });
    return () => h('div', { id: '__root' }, [h('div', { id: '__layout' }, [
      h(DefaultLayout),
      currentLayout.value
        ? h(Teleport, { to: `#wm-container-${ currentLayout.value }` }, [h(WindowManager, { layout: currentLayout.value })])
        : null,
    ])]);
  },
});
