// Rendering a chart for helm_install and helm_upgrade: the chart arguments (source from the allowlist, exact
// version, values as a file), helm's own dry run (which renders against the cluster), and the chart's CRDs, which
// helm installs from crds/ outside the rendered manifest.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helm, kubectl } from '../kube/invoke';
import type { KubeAction } from '../policy/engine';
import type { ToolContext } from '../runtime';
import { maskText } from '../policy/redact';
import { frameUntrusted } from '../views/text';
import type { ChartSource } from './chart-source';
import { hooksFor, parseManifest } from './manifest';
import { helmJson } from './release';

/* eslint-disable @typescript-eslint/no-explicit-any */

export interface ChartArgs { version?: string; values?: Record<string, unknown> }

/** Chart reference, repository flags from the configuration, version and the values file. */
export function chartArgv(ctx: ToolContext, source: ChartSource, args: ChartArgs): string[] {
  const argv = [source.ref, ...source.flags, ...(args.version ? [`--version=${args.version}`] : [])];
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

/** helm's dry run of an install or upgrade, as JSON: the rendered manifest, hooks, chart and notes. */
export async function render(ctx: ToolContext, argv: string[], action: KubeAction, hookEvents: string[]): Promise<Rendered> {
  const release = await helmJson<any>(ctx, { argv: [...argv, '--dry-run=server', '--output=json'], actions: [action] });
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

/** The outcome of a real install or upgrade, from helm's JSON; chart notes are masked and framed. */
export function releaseOutcome(release: any, done: string): string {
  const line = `Release ${release.name} ${done} in namespace ${release.namespace}: revision ${release.version}, status ${release.info?.status}, chart ${chartOf(release)}.`;
  const notes = String(release.info?.notes ?? '').trim();
  return notes ? `${line}\n${frameUntrusted('chart notes', maskText(notes))}` : line;
}

export function chartOf(release: any): string {
  const meta = release.chart?.metadata;
  return meta ? `${meta.name}-${meta.version}` : 'unknown chart';
}
