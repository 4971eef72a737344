// Helm releases as the tools see them: the policy action and object reference of a release record, helm's JSON
// answers, the manifest and hooks of a revision, the revision history, and helm's timestamps made readable.
import type { ObjectRef } from '@drover/protocol';
import { CommandFailed, ToolError } from '../errors';
import { helm, type Invocation } from '../kube/invoke';
import type { RunResult } from '../exec/run';
import type { KubeAction, Verb } from '../policy/engine';
import type { ToolContext } from '../runtime';
import { redactValues } from '../policy/redact';

/** Helm keeps its release records (as Secrets) under this pseudo-kind, for the policy and the audit. */
export function releaseAction(verb: Verb, namespace?: string, name?: string): KubeAction {
  return {
    verb,
    kind: 'HelmRelease',
    group: 'helm.sh',
    ...(namespace ? { namespace } : {}),
    ...(name ? { name } : {}),
    clusterScoped: false,
  };
}

export function releaseRef(ctx: ToolContext, name: string, namespace: string): ObjectRef {
  return { cluster: ctx.cluster, kind: 'HelmRelease', namespace, name };
}

/** A helm call about one release; helm's bare "release: not found" becomes a message a model can act on. */
export async function helmRelease(ctx: ToolContext, inv: Invocation, release: string, namespace: string): Promise<RunResult> {
  try {
    return await helm(ctx, inv);
  } catch (err) {
    if (err instanceof CommandFailed && /release: not found/.test(err.message)) {
      throw new CommandFailed(`release ${release} not found in namespace ${namespace}; helm_list shows the releases there`);
    }
    throw err;
  }
}

export async function helmJson<T>(ctx: ToolContext, inv: Invocation, release?: { name: string; namespace: string }): Promise<T> {
  const res = release ? await helmRelease(ctx, inv, release.name, release.namespace) : await helm(ctx, inv);
  if (res.truncated) throw new ToolError(`helm's answer is larger than ${Math.round(ctx.rt.config.limits.maxOutputBytes / 1048576)} MiB`);
  try {
    return JSON.parse(res.stdout) as T;
  } catch {
    throw new ToolError('helm returned output that is not JSON');
  }
}

/** `helm get manifest|hooks` of the current (or a given) revision: YAML streams, unredacted (callers redact). */
export async function releaseManifest(
  ctx: ToolContext,
  part: 'manifest' | 'hooks',
  release: string,
  namespace: string,
  revision?: number,
): Promise<string> {
  const res = await helmRelease(
    ctx,
    {
      argv: ['get', part, release, `--namespace=${namespace}`, ...(revision ? [`--revision=${revision}`] : [])],
      actions: [releaseAction('get', namespace, release)],
    },
    release,
    namespace,
  );
  if (res.truncated) throw new ToolError(`the ${part} of ${release} is larger than the output limit`);
  return res.stdout;
}

/** The values of a revision (the current one by default): those given at install/upgrade, or all with the chart's defaults. */
export function releaseValues(
  ctx: ToolContext,
  release: string,
  namespace: string,
  o: { all: boolean; revision?: number },
): Promise<Record<string, unknown> | null> {
  return helmJson<Record<string, unknown> | null>(
    ctx,
    {
      argv: [
        'get',
        'values',
        release,
        `--namespace=${namespace}`,
        ...(o.revision ? [`--revision=${o.revision}`] : []),
        ...(o.all ? ['--all'] : []),
        '--output=json',
      ],
      actions: [releaseAction('get', namespace, release)],
    },
    { name: release, namespace },
  );
}

/** What redacting a revision's values (chart defaults included) hides: its notes, status and manifest may echo any of it. */
export async function hiddenValues(ctx: ToolContext, release: string, namespace: string, revision?: number): Promise<Set<string>> {
  const hidden = new Set<string>();
  redactValues(await releaseValues(ctx, release, namespace, { all: true, revision }), hidden);
  return hidden;
}

/** --wait and a helm timeout that ends before the process deadline, so helm reports (and records) a timeout itself. */
export function waitFlags(ctx: ToolContext): string[] {
  return ['--wait', `--timeout=${Math.max(1, ctx.rt.config.limits.timeoutSeconds - 5)}s`];
}

/** "2026-01-02 03:04:05.123 +0000 UTC" (helm list) or ISO (history) → "2026-01-02 03:04:05 UTC". */
export function helmTime(value: string | undefined): string {
  if (!value) return '';
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.\d+)?\s*(Z|[+-]\d\d:?\d\d)?/.exec(value);
  if (!m) return value;
  const offset = !m[3] || m[3] === 'Z' ? 'Z' : `${m[3].slice(0, 3)}:${m[3].slice(-2)}`;
  const date = new Date(`${m[1]}T${m[2]}${offset}`);
  return Number.isNaN(date.getTime()) ? value : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export interface HistoryEntry {
  revision: number;
  updated: string;
  status: string;
  chart: string;
  app_version: string;
  description: string;
}

export async function releaseHistory(ctx: ToolContext, release: string, namespace: string, max: number): Promise<HistoryEntry[]> {
  return helmJson<HistoryEntry[]>(
    ctx,
    {
      argv: ['history', release, `--namespace=${namespace}`, `--max=${max}`, '--output=json'],
      actions: [releaseAction('get', namespace, release)],
    },
    { name: release, namespace },
  );
}
