// Types for the shell modules the harness bundles. They are resolved by ../build.ts (the @shell alias), not by
// tsc, which would otherwise type-check the shell's own sources under this project's settings.
declare module '*.vue' {
  import type { Component } from 'vue';
  const component: Component;
  export default component;
}

declare module '@shell/components/nav/Header.vue?styles' {
  /** Header.vue's scope id: markup rendered under it gets Header.vue's scoped CSS. */
  export const scopeId: string;
}

declare module '@shell/assets/translations/en-us.yaml' {
  const translations: Record<string, unknown>;
  export default translations;
}

declare module '@shell/store/wm' {
  import type { ActionTree, GetterTree, MutationTree } from 'vuex';
  export const state: () => Record<string, unknown>;
  export const getters: GetterTree<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  export const mutations: MutationTree<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  export const actions: ActionTree<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

declare module '@shell/store/i18n' {
  import type { ActionTree, GetterTree, MutationTree } from 'vuex';
  export const state: () => Record<string, unknown>;
  export const getters: GetterTree<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  export const mutations: MutationTree<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  export const actions: ActionTree<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

declare module '@shell/store/slideInPanel' {
  import type { Module } from 'vuex';
  const slideInPanel: Module<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  export default slideInPanel;
}

declare module '@shell/apis/shell/slide-in' {
  import type { Component } from 'vue';
  import type { Store } from 'vuex';
  export class SlideInApiImpl {
    constructor(store: Store<any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    open(component: Component, config?: Record<string, unknown>): void;
  }
}

declare module '@shell/plugins/i18n' {
  import type { Plugin } from 'vue';
  const i18n: Plugin;
  export default i18n;
}

declare module '@shell/plugins/shortkey' {
  import type { Plugin } from 'vue';
  const shortKey: Plugin<[{ prevent?: string[]; preventContainer?: string[] }]>;
  export default shortKey;
}

declare module '@shell/core/plugin-helpers' {
  export function getApplicableExtensionEnhancements(
    pluginCtx: unknown, actionType: string, uiArea: string, currRoute: unknown, translationCtx?: unknown, context?: unknown
  ): unknown[];
}

declare module '@shell/core/types' {
  export enum ExtensionPoint { ACTION = 'Action', TAB = 'Tab', PANEL = 'Panel', CARD = 'Card', TABLE_COL = 'TableColumn', TABLE = 'Table' }
  export enum ActionLocation { HEADER = 'header-action', TABLE = 'table-action' }
}

declare module '@shell/utils/platform' {
  export function isAlternate(event: Event): boolean;
}
