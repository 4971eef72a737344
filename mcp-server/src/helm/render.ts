// Rendering a chart for helm_install and helm_upgrade: the chart arguments (source from the allowlist, exact
// version, values as a file), helm's own dry run (which renders against the cluster), and the chart's CRDs, which
// helm installs from crds/ outside the rendered manifest.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helm, kubectl } from '../kube/invoke';
import type { KubeAction } from '../policy/engine';
import type { ToolContext } from '../runtime';
import { maskText, maskValues, redactValues } from '../policy/redact';
import { frameUntrusted } from '../views/text';
import type { ChartSource } from './chart-source';
import { hooksFor, parseManifest } from './manifest';
import { helmJson } from './release';

/* eslint-disable @typescript-eslint/no-explicit-any */

export interface ChartArgs {
  version?: string;
  values?: Record<string, unknown>;
}

/** The version asked for; when executing an approved plan, the version the plan resolved (not whatever is newest now). */
export function chartVersion(ctx: ToolContext, args: ChartArgs): string | undefined {
  return args.version ?? ctx.approved?.chartVersion;
}

/** Chart reference, repository flags from the configuration, version and the values file. */
export function chartArgv(ctx: ToolContext, source: ChartSource, args: ChartArgs): string[] {
  const version = chartVersion(ctx, args);
  const argv = [source.ref, ...source.flags, ...(version ? [`--version=${version}`] : [])];
  if (args.values && Object.keys(args.values).length) {
    const file = join(ctx.dir, 'values.json'); // JSON is YAML, so helm reads it as a values file
    writeFileSync(file, JSON.stringify(args.values), { mode: 0o600 });
    argv.push(`--values=${file}`);
  }
  return argv;
}

export interface Rendered {
  release: any;
  objects: any[];
  /** Hooks that run on the given events. */
  hooks: any[];
}

/**
 * helm's dry run of an install or upgrade, as JSON: the rendered manifest, hooks, chart and notes. It reads the
 * objects it renders, wherever they are, to see which exist (Secrets only in the release namespace).
 */
export async function render(ctx: ToolContext, argv: string[], action: KubeAction, hookEvents: string[]): Promise<Rendered> {
  const readsRendered: KubeAction = { verb: 'get', kind: '*', group: '*', clusterScoped: false };
  const release = await helmJson<any>(ctx, { argv: [...argv, '--dry-run=server', '--output=json'], actions: [action, readsRendered] });
  // The version helm resolved is part of what the user approves: the change runs with exactly this chart.
  if (ctx.plan && !ctx.confirmed) ctx.plan.chartVersion = release.chart?.metadata?.version;
  const hooks = (release.hooks ?? []).flatMap((h: any) => parseManifest(String(h.manifest ?? '')));
  return { release, objects: parseManifest(String(release.manifest ?? '')), hooks: hooksFor(hooks, hookEvents) };
}

/** The chart's CRDs (crds/ folders, subcharts included), which `helm install` creates first. */
export async function chartCrds(ctx: ToolContext, source: ChartSource, version?: string): Promise<any[]> {
  const res = await helm(ctx, {
    argv: ['show', 'crds', source.ref, ...source.flags, ...(version ? [`--version=${version}`] : [])],
    actions: [{ verb: 'get', kind: 'HelmChart', group: 'helm.sh', name: source.ref, clusterScoped: true }],
  });
  return parseManifest(res.stdout);
}

/** true / false, or undefined when the user may not read it. */
export async function namespaceExists(ctx: ToolContext, namespace: string): Promise<boolean | undefined> {
  const res = await kubectl(ctx, {
    argv: ['get', 'namespaces', namespace, '--output=name'],
    actions: [{ verb: 'get', kind: 'Namespace', group: '', name: namespace, clusterScoped: true }],
    allowFailure: true,
  });
  if (res.exitCode === 0) return true;
  return /NotFound|not found/.test(res.stderr) ? false : undefined;
}

/** What redacting a release's values hides (from helm's JSON: the values given and the chart's defaults), added to `hidden`. */
export function hiddenIn(release: any, hidden = new Set<string>()): Set<string> {
  redactValues(release?.config, hidden);
  redactValues(release?.chart?.values, hidden);
  return hidden;
}

/** The outcome of a real install or upgrade, from helm's JSON; chart notes are masked (values included) and framed. */
export function releaseOutcome(release: any, done: string): string {
  const line = `Release ${release.name} ${done} in namespace ${release.namespace}: revision ${release.version}, status ${release.info?.status}, chart ${chartOf(release)}.`;
  const notes = String(release.info?.notes ?? '').trim();
  return notes ? `${line}\n${frameUntrusted('chart notes', maskText(maskValues(notes, hiddenIn(release))))}` : line;
}

export function chartOf(release: any): string {
  const meta = release.chart?.metadata;
  return meta ? `${meta.name}-${meta.version}` : 'unknown chart';
}
