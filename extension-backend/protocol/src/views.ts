// What tool results look like to the UI: the MCP server returns one of these views as a tool's structuredContent,
// the backend forwards it in `tool_result.structured`, and the UI picks a renderer by `kind`.
import { z } from 'zod';

/** A Kubernetes object a row or finding is about; lets the UI link to it in Rancher. */
export const ObjectRefSchema = z.object({
  cluster: z.string().optional(),
  apiVersion: z.string().optional(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
});

export const TableViewSchema = z.object({
  kind: z.literal('table'),
  /** What the rows are, e.g. "pods", "deployments.apps", "helm releases". */
  resource: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.object({ ref: ObjectRefSchema.optional(), cells: z.array(z.string()) })),
  /** Items in the whole result set, when the API server knows it. */
  total: z.number().int().nonnegative().optional(),
  /** Continue token for the next page. */
  next: z.string().optional(),
  truncated: z.boolean(),
});

export const YamlViewSchema = z.object({
  kind: z.literal('yaml'),
  ref: ObjectRefSchema.optional(),
  format: z.enum(['yaml', 'json']),
  text: z.string(),
  truncated: z.boolean(),
});

export const LogsViewSchema = z.object({
  kind: z.literal('logs'),
  ref: ObjectRefSchema,
  container: z.string().optional(),
  previous: z.boolean(),
  lines: z.array(z.object({ pod: z.string().optional(), container: z.string().optional(), text: z.string() })),
  /** Lines removed by the include/exclude filter. */
  filteredOut: z.number().int().nonnegative(),
  truncated: z.boolean(),
});

export const EventRowSchema = z.object({
  type: z.string(),
  reason: z.string(),
  object: ObjectRefSchema,
  message: z.string(),
  count: z.number().int().nonnegative(),
  lastSeen: z.string().optional(),
});

export const EventsViewSchema = z.object({
  kind: z.literal('events'),
  events: z.array(EventRowSchema),
  truncated: z.boolean(),
});

export const ConditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
});

export const DescribeViewSchema = z.object({
  kind: z.literal('describe'),
  ref: ObjectRefSchema,
  /** Label/value pairs: status, replicas, images, node, IPs… */
  summary: z.array(z.object({ label: z.string(), value: z.string() })),
  conditions: z.array(ConditionSchema),
  /** From the object up: e.g. ReplicaSet, then Deployment. */
  owners: z.array(ObjectRefSchema),
  pods: TableViewSchema.omit({ kind: true }).optional(),
  events: z.array(EventRowSchema),
  truncated: z.boolean(),
});

export const SeveritySchema = z.enum(['critical', 'warning', 'info']);

export const FindingsViewSchema = z.object({
  kind: z.literal('findings'),
  /** Namespace checked, or absent for the whole cluster. */
  namespace: z.string().optional(),
  findings: z.array(
    z.object({
      ref: ObjectRefSchema,
      severity: SeveritySchema,
      problem: z.string(),
      evidence: z.array(z.string()),
      fix: z.string(),
    }),
  ),
  /** How many objects of each kind were looked at. */
  checked: z.record(z.string(), z.number().int().nonnegative()),
  /** Kinds that could not be looked at (e.g. RBAC forbids listing them): the diagnosis is partial. */
  unchecked: z.array(z.object({ kind: z.string(), reason: z.string() })),
  truncated: z.boolean(),
});

/** A write that has not happened: what would run, what would change, and what to worry about. */
export const PlanViewSchema = z.object({
  kind: z.literal('plan'),
  tool: z.string(),
  command: z.string(),
  diff: z.string(),
  warnings: z.array(z.string()),
  /** False when the call needs no approval and ran without one. */
  requiresConfirmation: z.boolean(),
  expiresAt: z.string().optional(),
});

/** The outcome of a write that ran. */
export const ChangeViewSchema = z.object({
  kind: z.literal('change'),
  tool: z.string(),
  command: z.string(),
  output: z.string(),
  objects: z.array(ObjectRefSchema),
});

export const TextViewSchema = z.object({
  kind: z.literal('text'),
  title: z.string(),
  text: z.string(),
  truncated: z.boolean(),
});

export const ViewSchema = z.discriminatedUnion('kind', [
  TableViewSchema,
  YamlViewSchema,
  LogsViewSchema,
  EventsViewSchema,
  DescribeViewSchema,
  FindingsViewSchema,
  PlanViewSchema,
  ChangeViewSchema,
  TextViewSchema,
]);

export type ObjectRef = z.infer<typeof ObjectRefSchema>;
export type TableView = z.infer<typeof TableViewSchema>;
export type YamlView = z.infer<typeof YamlViewSchema>;
export type LogsView = z.infer<typeof LogsViewSchema>;
export type EventRow = z.infer<typeof EventRowSchema>;
export type EventsView = z.infer<typeof EventsViewSchema>;
export type Condition = z.infer<typeof ConditionSchema>;
export type DescribeView = z.infer<typeof DescribeViewSchema>;
export type Severity = z.infer<typeof SeveritySchema>;
export type FindingsView = z.infer<typeof FindingsViewSchema>;
export type PlanView = z.infer<typeof PlanViewSchema>;
export type ChangeView = z.infer<typeof ChangeViewSchema>;
export type TextView = z.infer<typeof TextViewSchema>;
export type View = z.infer<typeof ViewSchema>;
export type ViewKind = View['kind'];
