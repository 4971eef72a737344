// Links to the objects a result names: on the object's own cluster, else on the one the result came from.
import type { ObjectRef } from '@drover/protocol';
import { enableAutoUnmount } from '@vue/test-utils';
import { defineComponent, h, ref } from 'vue';
import { mountInChat, testController, testHost } from '../../../__tests__/support/chat';
import { provideResultCluster } from '../../../composables/useResultCluster';
import { resourcePath } from '../../../utils/resource-url';
import ObjectLink from '../ObjectLink.vue';

enableAutoUnmount(afterEach);

/** A host with object pages as Rancher's has, on the cluster of the page being viewed (`local`) unless a ref says. */
const pagesHost = () => ({ ...testHost(), resourceLink: (r: ObjectRef) => ({ href: resourcePath(r, 'local') }) });

/** The link inside a result that ran on `cluster` (what a tool step provides to its renderer). */
function inResult(cluster: string | undefined, objectRef: ObjectRef) {
  return defineComponent({
    setup() {
      provideResultCluster(ref(cluster));

      return () => h(ObjectLink, { objectRef });
    },
  });
}

const href = (component: ReturnType<typeof inResult>) => mountInChat(component, testController(undefined, {}, pagesHost())).find('a').attributes('href');

describe('ObjectLink', () => {
  it('links an object that names no cluster to the cluster its result came from, not the page\'s', () => {
    expect(href(inResult('c-m-2', {
      kind: 'Pod', namespace: 'shop', name: 'web-1'
    }))).toBe('/c/c-m-2/explorer/pod/shop/web-1');
  });

  it('keeps the object\'s own cluster, and falls back to the page\'s outside a result', () => {
    expect(href(inResult('c-m-2', {
      cluster: 'c-m-3', kind: 'Pod', namespace: 'shop', name: 'web-1'
    }))).toBe('/c/c-m-3/explorer/pod/shop/web-1');
    expect(href(inResult(undefined, {
      kind: 'Pod', namespace: 'shop', name: 'web-1'
    }))).toBe('/c/local/explorer/pod/shop/web-1');
  });

  it('links a Helm release to its App and a grouped kind without apiVersion to its page', () => {
    expect(href(inResult('c-m-2', {
      kind: 'HelmRelease', namespace: 'shop', name: 'storefront'
    }))).toBe('/c/c-m-2/apps/catalog.cattle.io.app/shop/storefront');
    expect(href(inResult('c-m-2', {
      kind: 'StatefulSet', namespace: 'shop', name: 'db'
    }))).toBe('/c/c-m-2/explorer/apps.statefulset/shop/db');
  });
});
