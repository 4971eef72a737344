// The standalone page: the same chat as in Rancher, full-page, behind a sign-in with a Kubernetes token.
import { createApp, ref } from 'vue';
import { ChatController } from '../chat/controller';
import { createStandaloneHost, STANDALONE_CLUSTER } from '../host/standalone';
import type { PageScope } from '../host/types';
import StandalonePage from './StandalonePage.vue';
import { savedNamespace } from './preferences';
import './theme.scss';

export function mountStandalonePage(element: HTMLElement): void {
  const namespace = savedNamespace();
  const scope = ref<PageScope>({ cluster: STANDALONE_CLUSTER, namespaces: namespace ? [namespace] : [] });
  const chat = new ChatController(createStandaloneHost(scope), { sessionStorage: window.sessionStorage, localStorage: window.localStorage });

  document.title = chat.host.t('drover.product.name');
  createApp(StandalonePage, { chat, scope }).mount(element);
}
