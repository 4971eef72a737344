// What every call shares (built once at start) and what each call carries (built per call by defineTool).
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Limiter } from './exec/limiter';
import type { Identity } from './identity';
import type { AuditLog } from './observability/audit';
import type { Metrics } from './observability/metrics';
import type { Gateway } from './gateway/gateway';
import type { Discovery } from './kube/discovery';
import type { KubeAction } from './policy/engine';
import type { PlanRecord, PlanSigner } from './policy/plans';

export interface Runtime {
  config: Config;
  /** Absolute paths of the binaries, resolved at start. */
  binaries: { kubectl: string; helm: string };
  limiter: Limiter;
  plans: PlanSigner;
  discovery: Discovery;
  /** Every Kubernetes API request passes it: reads from this process, and all of kubectl's and helm's. */
  gateway: Gateway;
  log: Logger;
  metrics: Metrics;
  audit: AuditLog;
}

/** What one tool call did, for the audit line and the metrics. */
export interface CallRecord {
  /** Redacted argv of each process started. */
  commands: string[][];
  /** Each command as the user reads it (kubectl/helm lines, API GETs), returned to the client with the result. */
  shown: string[];
  actions: KubeAction[];
  /** Requests the gateway refused, with the rule. */
  refused: { request: string; rule: string }[];
  /** Rancher could not reach the call's cluster, in Rancher's words (kubectl reads that answer as a generic 503). */
  unavailable?: string;
  bytes: number;
  truncated: boolean;
}

export interface ToolContext {
  rt: Runtime;
  tool: string;
  identity: Identity;
  signal: AbortSignal;
  /** The call's private 0700 folder (kubeconfigs, manifests, helm state); removed when the call ends. */
  dir: string;
  /** True only after a valid confirmation (plan token or elicitation): the engine refuses writes otherwise. */
  confirmed: boolean;
  /** Plan phase: what the plan declares and what its dry runs sent (the user approves this). */
  plan?: PlanRecord;
  /** Execute phase: the plan the user approved; no write outside it passes. */
  approved?: PlanRecord;
  /** Cluster name for object references in results. */
  cluster: string;
  /** Characters of text this result may give the model. */
  budgetChars: number;
  record: CallRecord;
}
