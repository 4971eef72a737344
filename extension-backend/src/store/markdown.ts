// A conversation as a Markdown document the user can save: what was asked, what Drover answered, which tools ran and
// what they returned, and which changes were approved. Thinking and transport events are left out.
import type { EventOf, TableView, View } from '@drover/protocol';
import type { SessionRecord, StoredEvent } from './types';

/** Rows of one table result written out; a note says how many more there were. */
export const MAX_TABLE_ROWS = 50;

type EndReason = EventOf<'turn_end'>['reason'];
const TURN_ENDINGS: Record<Exclude<EndReason, 'answered'>, string> = {
  step_limit: 'The turn stopped at the step limit.',
  time_limit: 'The turn stopped at the time limit.',
  cancelled: 'The turn was cancelled.',
  failed: 'The turn failed.',
};
const DECISIONS = { approved: 'Approved', denied: 'Denied', expired: 'Expired' } as const;
const DECIDERS = {
  user: 'by you',
  'session-rule': 'by a rule you set earlier in this session',
  timeout: 'without an answer',
} as const;

export function sessionMarkdown(session: SessionRecord, events: StoredEvent[]): string {
  const blocks = [`# ${session.title}`, `_${formatDate(session.createdAt)}_`];
  // Streamed tokens form one paragraph until something else (a tool call, the end of the turn) happens.
  let answer = '';
  for (const event of events) {
    if (event.type === 'token') {
      answer += event.text;
      continue;
    }
    const eventOutput = eventBlocks(event);
    if (eventOutput.length === 0) continue;
    if (answer.trim()) blocks.push(answer.trim());
    answer = '';
    blocks.push(...eventOutput);
  }
  if (answer.trim()) blocks.push(answer.trim());
  return `${blocks.join('\n\n')}\n`;
}

function eventBlocks(event: StoredEvent): string[] {
  switch (event.type) {
    case 'turn_start':
      return ['## You', event.text, ...attachmentBlocks(event.context), '## Drover'];
    case 'tool_call':
      return [
        `**Tool:** \`${event.tool}\``,
        event.command ? fence(event.command, 'sh') : fence(JSON.stringify(event.arguments, null, 2), 'json'),
      ];
    case 'tool_result':
      return [
        `**${event.isError ? 'Tool failed' : 'Result'}:** ${event.summary}`,
        ...(event.structured ? viewBlocks(event.structured) : []),
      ];
    case 'approval_required':
      return [
        `**Approval requested** for \`${event.tool}\`${event.namespace ? ` in namespace \`${event.namespace}\`` : ''}`,
        ...(event.plan.diff ? [fence(event.plan.diff, 'diff')] : []),
        ...event.plan.warnings.map((warning) => `> Warning: ${warning}`),
      ];
    case 'approval_resolved':
      return [`_${DECISIONS[event.decision]} ${DECIDERS[event.by]}._`];
    case 'model_fallback':
      return [`_Switched from model \`${event.from}\` to \`${event.to}\`: ${event.reason}_`];
    case 'error':
      return [`**Error:** ${event.message}`];
    case 'feedback':
      return [
        `_You rated this answer ${event.rating === 'up' ? 'helpful' : 'not helpful'}${event.comment ? `: "${event.comment}"` : ''}._`,
      ];
    case 'turn_end':
      return event.reason === 'answered' ? [] : [`_${TURN_ENDINGS[event.reason]}_`];
    default:
      return [];
  }
}

/** What the user attached to a question, each as a fenced block under its title. */
function attachmentBlocks(context: EventOf<'turn_start'>['context']): string[] {
  return (context?.attachments ?? []).flatMap((a) => [`_Attached: ${a.title}_`, fence(a.text, 'text')]);
}

/** Tables, YAML and logs are written out; other views are represented by the result's summary alone. */
function viewBlocks(view: View): string[] {
  switch (view.kind) {
    case 'table':
      return tableBlocks(view);
    case 'yaml':
      return [fence(view.text, view.format)];
    case 'logs':
      return [fence(view.lines.map((line) => line.text).join('\n'), 'text')];
    default:
      return [];
  }
}

function tableBlocks(view: TableView): string[] {
  if (view.columns.length === 0) return [];
  const shown = view.rows.slice(0, MAX_TABLE_ROWS);
  const table = [
    tableRow(view.columns),
    tableRow(view.columns.map(() => '---')),
    ...shown.map((row) => tableRow(view.columns.map((_, column) => row.cells[column] ?? ''))),
  ].join('\n');
  const hidden = view.rows.length - shown.length;
  return hidden > 0 ? [table, `_First ${shown.length} of ${view.rows.length} rows shown._`] : [table];
}

const tableRow = (cells: string[]): string => `| ${cells.map(escapeCell).join(' | ')} |`;

/** A cell is one line, and a `|` inside it must not end it. */
const escapeCell = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

/** A fenced block whose fence is longer than any run of backticks inside, so the content cannot close it. */
function fence(text: string, language: string): string {
  const longestRun = (text.match(/`+/g) ?? []).reduce((longest, run) => Math.max(longest, run.length), 0);
  const marks = '`'.repeat(Math.max(3, longestRun + 1));
  return `${marks}${language}\n${text.replace(/\n+$/, '')}\n${marks}`;
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
