// How components reach the chat and its host: provided once by the panel's root (ChatPanel), injected anywhere
// below it. Tests provide their own.
import { inject, provide, type App, type InjectionKey } from 'vue';
import type { ChatController } from '../chat/controller';
import type { DroverHost, Translate } from '../host/types';

const CONTROLLER: InjectionKey<ChatController> = Symbol('drover-chat');

export function provideChat(controller: ChatController): void {
  provide(CONTROLLER, controller);
}

/** The same, as a Vue plugin: for an app whose root is not the panel (tests, a page around it). */
export const chatPlugin = (controller: ChatController) => ({
  install: (app: App) => {
    app.provide(CONTROLLER, controller);
  }
});

export function useChat(): ChatController {
  const controller = inject(CONTROLLER);

  if (!controller) throw new Error('Drover component used outside the chat panel: no ChatController was provided');

  return controller;
}

export const useHost = (): DroverHost => useChat().host;

/** The host's translation function (Rancher's i18n store, or the standalone page's), for `t('drover.…')`. */
export const useT = (): Translate => useChat().host.t;
