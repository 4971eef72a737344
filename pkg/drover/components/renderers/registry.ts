// Which component shows a tool result, by the view's `kind` (the protocol's ViewSchema): an explicit map, each
// renderer loaded on first use so the main bundle stays small. Results of other MCP servers (untyped data) and
// results without structured content have their own fallbacks. No model call is involved.
import type { ReadResult, ViewKind } from '@drover/protocol';
import { defineAsyncComponent, type Component } from 'vue';

const RENDERERS: Record<ViewKind, Component> = {
  table:    defineAsyncComponent(() => import(/* webpackChunkName: "drover-table" */ './TableView.vue')),
  logs:     defineAsyncComponent(() => import(/* webpackChunkName: "drover-logs" */ './LogsView.vue')),
  yaml:     defineAsyncComponent(() => import(/* webpackChunkName: "drover-yaml" */ './YamlView.vue')),
  describe: defineAsyncComponent(() => import(/* webpackChunkName: "drover-describe" */ './DescribeView.vue')),
  events:   defineAsyncComponent(() => import(/* webpackChunkName: "drover-events" */ './EventsView.vue')),
  findings: defineAsyncComponent(() => import(/* webpackChunkName: "drover-findings" */ './FindingsView.vue')),
  plan:     defineAsyncComponent(() => import(/* webpackChunkName: "drover-plan" */ './PlanView.vue')),
  change:   defineAsyncComponent(() => import(/* webpackChunkName: "drover-change" */ './ChangeView.vue')),
  text:     defineAsyncComponent(() => import(/* webpackChunkName: "drover-text" */ './TextView.vue')),
};

const UNTYPED = defineAsyncComponent(() => import(/* webpackChunkName: "drover-data" */ './DataView.vue'));

/** The renderer for a result, or undefined when there is nothing beyond its summary to show. */
export function rendererFor(result: ReadResult): Component | undefined {
  if (result.structured) return RENDERERS[result.structured.kind];

  return result.data ? UNTYPED : undefined;
}
