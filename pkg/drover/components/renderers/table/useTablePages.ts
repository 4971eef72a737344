// The rows a table result has shown so far, and "load more": the same read-only call again with the continue token,
// on the cluster the result came from, its rows appended in place. A failed page leaves the rows already shown.
import type { TableView } from '@drover/protocol';
import {
  ref, shallowRef, watch, type Ref, type ShallowRef
} from 'vue';
import type { StepState } from '../../../chat/conversation';
import { useChat, useT } from '../../../composables/useDrover';

export interface TablePages {
  rows: ShallowRef<TableView['rows']>;
  next: Ref<string | undefined>;
  total: Ref<number | undefined>;
  truncated: Ref<boolean>;
  loading: Ref<boolean>;
  problem: Ref<string | undefined>;
  loadMore: () => Promise<void>;
}

export function useTablePages(props: { view: TableView; step: StepState }): TablePages {
  const chat = useChat();
  const t = useT();
  const rows = shallowRef(props.view.rows);
  const next = ref(props.view.next);
  const total = ref(props.view.total);
  const truncated = ref(props.view.truncated);
  const loading = ref(false);
  const problem = ref<string>();

  watch(() => props.view, (view) => {
    rows.value = view.rows;
    next.value = view.next;
    total.value = view.total;
    truncated.value = view.truncated;
    problem.value = undefined;
  });

  async function loadMore(): Promise<void> {
    if (!next.value || loading.value) return;
    loading.value = true;
    problem.value = undefined;
    const { step } = props;

    try {
      const result = await chat.read({
        tool: step.tool, arguments: { ...step.arguments, continue: next.value }, cluster: step.cluster
      });
      const page = result.structured;

      if (result.isError || page?.kind !== 'table') {
        problem.value = t('drover.renderers.table.loadFailed', { resource: props.view.resource, error: result.summary });

        return;
      }
      rows.value = [...rows.value, ...page.rows];
      next.value = page.next;
      total.value = page.total ?? total.value;
      truncated.value = page.truncated;
    } catch (err) {
      problem.value = t('drover.renderers.table.loadFailed', { resource: props.view.resource, error: err instanceof Error ? err.message : String(err) });
    } finally {
      loading.value = false;
    }
  }

  return {
    rows, next, total, truncated, loading, problem, loadMore
  };
}
