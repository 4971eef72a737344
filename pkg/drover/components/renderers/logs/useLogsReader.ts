// The log a LogsView shows, and the re-reads it offers: the other run of the container (previous ⇄ current) and
// more lines. Each is the same read-only call with one argument changed, on the cluster of the result; its answer
// replaces what is shown. A failed read leaves the lines on screen and says why.
import type { LogsView } from '@drover/protocol';
import {
  computed, ref, shallowRef, watch, type ComputedRef, type Ref, type ShallowRef
} from 'vue';
import type { StepState } from '../../../chat/conversation';
import { useChat, useT } from '../../../composables/useDrover';
import { moreTail } from './tail';

export type Reread = 'previous' | 'more';

export interface LogsReader {
  view: ShallowRef<LogsView>;
  busy: Ref<Reread | undefined>;
  problem: Ref<string | undefined>;
  /** The tail "More lines" would ask for; undefined when there is nothing more to read. */
  nextTail: ComputedRef<number | undefined>;
  togglePrevious: () => Promise<boolean>;
  moreLines: () => Promise<boolean>;
}

export function useLogsReader(props: { view: LogsView; step: StepState }): LogsReader {
  const chat = useChat();
  const t = useT();
  const view = shallowRef(props.view);
  const args = shallowRef<Record<string, unknown>>(props.step.arguments);
  const busy = ref<Reread>();
  const problem = ref<string>();

  watch(() => props.view, (shown) => {
    view.value = shown;
    args.value = props.step.arguments;
    problem.value = undefined;
  });

  async function reread(kind: Reread, change: Record<string, unknown>): Promise<boolean> {
    if (busy.value) return false;
    busy.value = kind;
    problem.value = undefined;
    const next = { ...args.value, ...change };

    try {
      const result = await chat.read({
        tool: props.step.tool, arguments: next, cluster: props.step.cluster
      });

      if (result.isError || result.structured?.kind !== 'logs') {
        problem.value = t(`drover.renderers.logs.failed.${ kind }`, { error: result.summary });

        return false;
      }
      view.value = result.structured;
      args.value = next;

      return true;
    } catch (err) {
      problem.value = t(`drover.renderers.logs.failed.${ kind }`, { error: err instanceof Error ? err.message : String(err) });

      return false;
    } finally {
      busy.value = undefined;
    }
  }

  const nextTail = computed(() => (view.value.truncated ? moreTail(args.value) : undefined));

  return {
    view,
    busy,
    problem,
    nextTail,
    togglePrevious: () => reread('previous', { previous: !view.value.previous }),
    moreLines:      () => (nextTail.value ? reread('more', { tail: nextTail.value }) : Promise.resolve(false)),
  };
}
