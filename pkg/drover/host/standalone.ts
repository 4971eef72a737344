// The host of the standalone page (clusters without Rancher): the extension's own translations, the backend at
// the page's own origin (relative URLs, so a path prefix in front of it works), the namespace the user picks on the
// page, and no object pages of its own (objects are described in the chat instead).
import type { Ref } from 'vue';
import messages from '../l10n/en-us.yaml';
import { createTranslator } from './translator';
import type { DroverHost, PageScope } from './types';

/** Drover's MCP server works on the cluster its kubeconfig names; the backend calls it "local". */
export const STANDALONE_CLUSTER = 'local';

export function createStandaloneHost(scope: Ref<PageScope>, base: string = document.baseURI): DroverHost {
  return {
    kind:         'standalone',
    t:            createTranslator(messages),
    backendUrl:   (path) => new URL(path, base).toString(),
    socketUrl:    () => new URL('ws', base).toString().replace(/^http/, 'ws'),
    scope,
    resourceLink: () => undefined,
    editLink:     () => undefined,
  };
}
