// The state of one code block: its highlighted lines, where it folds, what the user folded and which lines remain.
// Each piece is computed once per text; folding or unfolding only recomputes the list of visible lines.
import {
  computed, markRaw, reactive, shallowRef, watch
} from 'vue';
import { foldAllStarts, foldRanges, visibleLines, type FoldRange } from './folding';
import { highlightLines, type CodeFormat, type Line } from './highlight';

export interface CodeSource {
  text: string;
  format: CodeFormat;
}

export interface CodeView {
  readonly format: CodeFormat;
  readonly lines: Line[];
  readonly ranges: ReadonlyMap<number, FoldRange>;
  readonly folded: ReadonlySet<number>;
  /** Indexes of the lines shown, in order. */
  readonly visible: number[];
  readonly canFold: boolean;
  readonly anyFolded: boolean;
  toggle(start: number): void;
  foldAll(): void;
  unfoldAll(): void;
}

export function useCodeView(source: () => CodeSource): CodeView {
  const text = computed(() => source().text);
  const format = computed(() => source().format);
  // Marked raw: thousands of lines need no deep reactivity, only replacing as a whole.
  const lines = computed(() => markRaw(highlightLines(text.value, format.value)));
  const ranges = computed(() => markRaw(foldRanges(text.value.split('\n', lines.value.length), format.value)));
  const folded = shallowRef<ReadonlySet<number>>(markRaw(new Set()));
  const visible = computed(() => markRaw(visibleLines(lines.value.length, ranges.value, folded.value)));

  // Another document: what was folded no longer applies.
  watch([text, format], () => {
    folded.value = markRaw(new Set());
  });

  const state = reactive({
    format,
    lines,
    ranges,
    folded,
    visible,
    canFold:   computed(() => ranges.value.size > 0),
    anyFolded: computed(() => folded.value.size > 0),
    toggle(start: number) {
      const next = new Set(folded.value);

      if (!next.delete(start) && ranges.value.has(start)) next.add(start);
      folded.value = markRaw(next);
    },
    foldAll() {
      folded.value = markRaw(foldAllStarts(ranges.value, format.value));
    },
    unfoldAll() {
      folded.value = markRaw(new Set());
    },
  });

  return state;
}
