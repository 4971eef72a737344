// What the log viewer derives from the lines of a result, once per result (never per keystroke): the text without
// escape codes, its lowercase for search, source labels, error lines; and the search over it.
import type { LogsView } from '@drover/protocol';
import {
  computed, ref, watch, type ComputedRef, type Ref, type ShallowRef
} from 'vue';
import { plainText } from './ansi';
import { errorLines } from './errors';
import {
  findMatches, matchedLines, searchable, stepMatch, type Match
} from './search';
import { sourceLabels, type SourceLabels } from './sources';

export interface LogLines {
  texts: ComputedRef<string[]>;
  plain: ComputedRef<string[]>;
  lower: ComputedRef<string[]>;
  sources: ComputedRef<SourceLabels | undefined>;
  errors: ComputedRef<number[]>;
}

export function useLogLines(view: ShallowRef<LogsView>): LogLines {
  const texts = computed(() => view.value.lines.map((line) => line.text));
  const plain = computed(() => texts.value.map(plainText));
  const lower = computed(() => plain.value.map(searchable));
  const sources = computed(() => sourceLabels(view.value.lines));
  const errors = computed(() => errorLines(plain.value));

  return {
    texts, plain, lower, sources, errors
  };
}

export interface LogSearch {
  query: Ref<string>;
  /** The query lowercased the way the lines are. */
  needle: ComputedRef<string>;
  matches: ComputedRef<Match[]>;
  capped: ComputedRef<boolean>;
  /** Position in `matches` of the current match; -1 for none. */
  current: Ref<number>;
  currentMatch: ComputedRef<Match | undefined>;
  matched: ComputedRef<number[]>;
  step: (direction: 1 | -1) => Match | undefined;
}

export function useLogSearch(lower: ComputedRef<string[]>): LogSearch {
  const query = ref('');
  const needle = computed(() => searchable(query.value));
  const found = computed(() => findMatches(lower.value, query.value));
  const current = ref(-1);

  watch(found, ({ matches }) => {
    current.value = matches.length ? 0 : -1;
  });
  const currentMatch = computed(() => found.value.matches[current.value]);

  return {
    query,
    needle,
    matches: computed(() => found.value.matches),
    capped:  computed(() => found.value.capped),
    current,
    currentMatch,
    matched: computed(() => matchedLines(found.value.matches)),
    step:    (direction) => {
      current.value = stepMatch(found.value.matches.length, current.value, direction);

      return currentMatch.value;
    },
  };
}
