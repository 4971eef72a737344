// The text of `k8s_describe` for a small model: summary, conditions, owners, pods, annotations and events in one
// answer, each part given a share of the budget so one long part (many pods, many events) cannot crowd out the rest.
import type { Condition, EventRow, ObjectRef, TableView } from '@drover/protocol';
import { fitEvents } from './events';
import type { SummaryRow } from './summary-pods';
import { fitTable, renderTable } from './table';
import { fitText, frameUntrusted } from './text';

const EVENT_COLUMNS = { object: false, namespace: false };

export interface DescribeParts {
  title: string;
  summary: SummaryRow[];
  /** The summary holds free-form text from the object's author (generic kinds, CRDs, env values, probe commands). */
  untrustedSummary: boolean;
  labels: string;
  annotations: string;
  conditions: Condition[];
  owners: ObjectRef[];
  pods?: { table: TableView; selector: string };
  events: EventRow[];
  notes: string[];
}

export interface DescribeText {
  text: string;
  pods?: TableView;
  truncated: boolean;
}

/** Room taken by a frame's two marker lines and a hint line. */
const FRAME = 140;
const HINT = 90;

/** Splits room among parts by share; what a part does not need goes to the next ones that want more. */
function allocate(room: number, parts: { want: number; share: number }[]): number[] {
  const grants = parts.map((p) => Math.min(p.want, Math.floor(room * p.share)));
  let spare = room - grants.reduce((a, b) => a + b, 0);
  parts.forEach((p, i) => {
    const more = Math.max(0, Math.min(spare, p.want - grants[i]));
    grants[i] += more;
    spare -= more;
  });
  return grants;
}

export function describeText(p: DescribeParts, budgetChars: number): DescribeText {
  const summary = p.summary.map((r) => `${r.label}: ${r.value}`).join('\n');
  const conditions = p.conditions.map(
    (c) => `  ${c.type}=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${c.message}` : ''}`,
  );
  const headText = [
    p.untrustedSummary ? frameUntrusted('fields', summary) : summary,
    `Labels: ${p.labels || '<none>'}`,
    ...(conditions.length ? ['Conditions:', ...conditions] : []),
    ...(p.owners.length ? [`Owned by: ${p.owners.map((o) => `${o.kind} ${o.name}`).join(' → ')}`] : []),
  ].join('\n');
  const room = budgetChars - p.title.length - 100;
  // Events usually explain a problem, so they come first when room is short; then pods, then annotations.
  const rest = [
    { want: p.events.length ? fitEvents(p.events, EVENT_COLUMNS, Infinity).text.length + FRAME : 20, share: 0.6 },
    {
      want: p.pods
        ? renderTable(
            p.pods.table.columns,
            p.pods.table.rows.map((r) => r.cells),
          ).length + HINT
        : 0,
      share: 0.3,
    },
    { want: p.annotations ? p.annotations.length + FRAME : 0, share: 0.1 },
  ];
  // The head keeps at least 45% of the room, and whatever the other parts do not need (a pod with many containers).
  const restNeeds = Math.min(
    rest.reduce((sum, r) => sum + r.want, 0),
    Math.floor(room * 0.55),
  );
  const head = fitText(headText, Math.max(300, room - restNeeds), 'ask k8s_get with fields for the rest');
  let truncated = head.truncated;
  const [forEvents, forPods, forAnnotations] = allocate(room - head.text.length, rest);
  const parts = [p.title, head.text];

  let pods: TableView | undefined;
  if (p.pods) {
    const total = p.pods.table.rows.length;
    const fitted = fitTable(p.pods.table, forPods - HINT);
    pods = fitted.view;
    truncated ||= fitted.dropped > 0;
    const more = fitted.dropped
      ? `\n[${fitted.dropped} more pods; list them with k8s_get kind=pods labelSelector="${p.pods.selector}"]`
      : '';
    parts.push(total ? `Pods (${total} matching ${p.pods.selector}):\n${fitted.text}${more}` : `Pods: none match ${p.pods.selector}`);
  }

  if (p.annotations) {
    const fitted =
      forAnnotations - FRAME >= 60
        ? fitText(p.annotations, forAnnotations - FRAME, 'ask k8s_get output=yaml for all annotations')
        : undefined;
    truncated ||= !fitted || fitted.truncated;
    parts.push(fitted ? frameUntrusted('annotations', fitted.text) : '[annotations not shown for room; ask k8s_get output=yaml]');
  }

  if (p.events.length) {
    let fitted = fitEvents(p.events, EVENT_COLUMNS, forEvents - FRAME);
    if (fitted.shown < p.events.length) fitted = fitEvents(p.events, EVENT_COLUMNS, forEvents - FRAME - HINT);
    const hidden = p.events.length - fitted.shown;
    truncated ||= hidden > 0;
    const body = fitted.shown ? frameUntrusted('events', fitted.text) : '';
    parts.push([body, hidden ? `[${hidden} older events not shown; use k8s_events for this object]` : ''].filter(Boolean).join('\n'));
  } else {
    parts.push('Events: none recent');
  }
  if (p.notes.length) parts.push(`Notes: ${p.notes.join('; ')}`);
  return { text: parts.join('\n'), pods, truncated };
}
