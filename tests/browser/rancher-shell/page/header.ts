// The dashboard header's extension buttons, rendered as components/nav/Header.vue renders them: the shell's own
// getApplicableExtensionEnhancements() (translations, shortcut keys and labels), v-shortkey, IconOrSvg, and
// Header.vue's scoped CSS (same markup, same scope id). Clicking or the shortcut calls the action's invoke with the
// header component as `this`, as handleExtensionAction() does. The rest of Header.vue (cluster menus, search,
// user menu) needs Rancher's API and is left out.
import { computed, defineComponent, getCurrentInstance, h, ref, resolveDirective, watch, withDirectives } from 'vue';
import { useStore } from 'vuex';
import IconOrSvg from '@shell/components/IconOrSvg.vue';
import { scopeId } from '@shell/components/nav/Header.vue?styles';
import { getApplicableExtensionEnhancements } from '@shell/core/plugin-helpers';
import { ActionLocation, ExtensionPoint } from '@shell/core/types';
import { isAlternate } from '@shell/utils/platform';
import type { HarnessStore } from './store';

interface HeaderAction {
  label?: string;
  labelKey?: string;
  tooltip?: string;
  tooltipKey?: string;
  icon?: string;
  svg?: string;
  shortcutKey?: unknown;
  shortcutLabel?: () => string;
  enabled?: boolean | ((ctx: unknown) => boolean | Promise<boolean>);
  invoke?: (this: unknown, opts: unknown, resources: unknown[], globals: unknown) => unknown;
}

export const HeaderBar = defineComponent({
  name: 'HarnessHeader',
  __scopeId: scopeId,
  setup() {
    const store = useStore() as HarnessStore;
    // The header component itself is `this` for invoke() and the ctx for enabled(), as in Header.vue.
    const self = getCurrentInstance()!.proxy as unknown as { t: (key: string, args?: unknown) => string };
    const route = () => store.$router.currentRoute.value;
    const actions = computed(() => getApplicableExtensionEnhancements(self, ExtensionPoint.ACTION, ActionLocation.HEADER, route()) as HeaderAction[]);

    const isEnabled = async(action: HeaderAction) => {
      if (typeof action.enabled === 'function') return action.enabled(self);
      return action.enabled ?? true;
    };
    const enabled = ref<boolean[]>([]);
    watch(actions, async(list) => { enabled.value = await Promise.all(list.map(isEnabled)); }, { immediate: true });
    const handle = async(action: HeaderAction, event: Event) => {
      const opts = { event, action, isAlt: isAlternate(event), product: store.getters.currentProduct.name, cluster: store.getters.currentCluster };
      if (action.invoke && await isEnabled(action)) action.invoke.apply(self, [opts, [], { $route: route() }]);
    };
    const tooltip = (action: HeaderAction) => {
      if (!action.tooltipKey && !action.tooltip) return undefined;
      const text = action.tooltipKey ? self.t(action.tooltipKey) : action.tooltip;
      return `${ text } ${ action.shortcutLabel?.() ?? '' }`;
    };
    const label = (action: HeaderAction) => (action.labelKey ? self.t(action.labelKey) : action.label);

    return () => {
      const shortkey = resolveDirective('shortkey')!;
      const buttons = actions.value.map((action, i) => withDirectives(h('button', {
        key: `${ action.label }${ i }`,
        type: 'button',
        disabled: enabled.value[i] === false,
        class: 'btn header-btn role-tertiary',
        'data-testid': `extension-header-action-${ action.labelKey || action.label }`,
        role: 'button',
        tabindex: 0,
        'aria-label': label(action),
        // Header.vue shows this text as a tooltip (v-clean-tooltip); a title attribute carries the same words.
        title: tooltip(action),
        onClick: (event: Event) => handle(action, event),
        onShortkey: (event: Event) => handle(action, event),
      }, [h(IconOrSvg, {
        class: 'icon icon-lg', icon: action.icon, src: action.svg, color: 'header',
        imgAlt: action.tooltipKey ? self.t(action.tooltipKey) : label(action) ?? self.t('generic.imageAlt'),
      })]), action.shortcutKey ? [[shortkey, action.shortcutKey]] : []));

      return h('header', { 'data-testid': 'header' }, [
        h('div', { class: 'menu-spacer' }),
        h('div', { class: 'product' }, [
          h('div', { class: 'cluster cluster-clipped' }, [h('div', { class: 'cluster-name' }, store.getters.currentCluster.nameDisplay)]),
        ]),
        h('div', { class: 'spacer' }),
        h('div', { class: 'rd-header-right' }, [buttons.length ? h('div', { class: 'header-buttons' }, buttons) : null]),
      ]);
    };
  },
});
