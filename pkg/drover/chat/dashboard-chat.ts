// The dashboard's one chat: created on first use and kept for the page's life, so closing the panel or moving
// around Rancher loses nothing; the browser tab's session storage lets a reload find the conversation again.
import type { Store } from 'vuex';
import { createRancherHost } from '../host/rancher';
import { ChatController } from './controller';

let chat: ChatController | undefined;

export function dashboardChat(store: Store<any>): ChatController { // eslint-disable-line @typescript-eslint/no-explicit-any
  chat ??= new ChatController(createRancherHost(store), { sessionStorage: window.sessionStorage, localStorage: window.localStorage });

  return chat;
}
