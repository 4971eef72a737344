// Rendered helm manifests as objects: parsed from helm's YAML streams, placed (kind resolved by discovery, the
// release namespace filled in for namespaced kinds), compared revision to revision, turned into the policy actions
// a release change performs, and shown redacted (Secrets' data never leaves this module unredacted).
import { isDeepStrictEqual } from 'node:util';
import type { ObjectRef } from '@drover/protocol';
import { parseAllDocuments, stringify } from 'yaml';
import { ToolError } from '../errors';
import type { KubeAction, Verb } from '../policy/engine';
import type { ToolContext } from '../runtime';
import { objectDiff } from '../views/diff';
import { redactObject } from '../policy/redact';

/* eslint-disable @typescript-eslint/no-explicit-any */

const HOOK_ANNOTATION = 'helm.sh/hook';
const RESOURCE_POLICY = 'helm.sh/resource-policy';

/** One rendered object and what the policy needs to know about it. */
export interface Placed {
  obj: any;
  apiVersion: string;
  kind: string;
  group: string;
  namespaced: boolean;
  namespace?: string;
  name: string;
  /** Identity across revisions. */
  key: string;
  /** "Deployment web/api" for people. */
  label: string;
}

export type ChangeKind = 'added' | 'changed' | 'removed';
export interface ObjectChange {
  change: ChangeKind;
  before?: Placed;
  after?: Placed;
}

const VERBS: Record<ChangeKind, Verb> = { added: 'create', changed: 'patch', removed: 'delete' };

export function parseManifest(text: string): any[] {
  const objects: any[] = [];
  for (const doc of parseAllDocuments(text)) {
    // The parser's message quotes the offending line, which may hold a secret: say only where it is.
    const [error] = doc.errors;
    if (error)
      throw new ToolError(`helm produced a manifest that is not valid YAML (${error.code} at line ${error.linePos?.[0].line ?? '?'})`);
    const obj = doc.toJS();
    if (!obj || typeof obj !== 'object') continue;
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) objects.push(...obj.items);
    else objects.push(obj);
  }
  return objects;
}

/** Hook objects (from a manifest or helm's JSON hooks) that run on one of these events. */
export function hooksFor(objects: any[], events: string[]): any[] {
  return objects.filter((o) =>
    String(o?.metadata?.annotations?.[HOOK_ANNOTATION] ?? '')
      .split(',')
      .some((e) => events.includes(e.trim())),
  );
}

export async function placeObjects(ctx: ToolContext, objects: any[], releaseNamespace: string): Promise<Placed[]> {
  const placed: Placed[] = [];
  for (const raw of objects) {
    const { apiVersion, kind } = raw ?? {};
    const name = raw?.metadata?.name;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string') {
      throw new ToolError('the chart renders an object without apiVersion, kind or metadata.name');
    }
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const resource = await ctx.rt.discovery.resolve(ctx, group ? `${kind}.${group}` : kind);
    const obj = structuredClone(raw);
    const namespace = resource.namespaced ? (obj.metadata.namespace ??= releaseNamespace) : undefined;
    if (!resource.namespaced) delete obj.metadata.namespace;
    placed.push({
      obj,
      apiVersion,
      kind: resource.kind,
      group: resource.group,
      namespaced: resource.namespaced,
      namespace,
      name,
      key: `${resource.kind}.${resource.group}/${namespace ?? ''}/${name}`,
      label: `${resource.kind} ${namespace ? `${namespace}/` : ''}${name}`,
    });
  }
  return placed;
}

const keeps = (p: Placed) => p.obj.metadata?.annotations?.[RESOURCE_POLICY] === 'keep';

/** What a release change does to each object; objects helm keeps (resource-policy keep) are never removed. */
export function compareObjects(before: Placed[], after: Placed[]): ObjectChange[] {
  const old = new Map(before.map((p) => [p.key, p]));
  const next = new Set(after.map((p) => p.key));
  const changes: ObjectChange[] = [];
  for (const a of after) {
    const b = old.get(a.key);
    if (!b) changes.push({ change: 'added', after: a });
    else if (!isDeepStrictEqual(b.obj, a.obj)) changes.push({ change: 'changed', before: b, after: a });
  }
  for (const b of before) if (!next.has(b.key) && !keeps(b)) changes.push({ change: 'removed', before: b });
  return changes;
}

export function keptObjects(before: Placed[], after: Placed[]): Placed[] {
  const next = new Set(after.map((p) => p.key));
  return before.filter((b) => !next.has(b.key) && keeps(b));
}

export function actionOf(p: Placed, verb: Verb): KubeAction {
  return {
    verb,
    kind: p.kind,
    group: p.group,
    ...(p.namespace ? { namespace: p.namespace } : {}),
    name: p.name,
    clusterScoped: !p.namespaced,
  };
}

export function changeActions(changes: ObjectChange[]): KubeAction[] {
  return changes.map((c) => actionOf((c.after ?? c.before)!, VERBS[c.change]));
}

export function refOf(ctx: ToolContext, p: Placed): ObjectRef {
  return { cluster: ctx.cluster, apiVersion: p.apiVersion, kind: p.kind, ...(p.namespace ? { namespace: p.namespace } : {}), name: p.name };
}

/** The plan's diff: a count, then per object a unified diff of the redacted YAML (`hidden` values hidden too). */
export function diffText(changes: ObjectChange[], unchanged: number, hidden: Set<string>): string {
  const count = (k: ChangeKind) => changes.filter((c) => c.change === k).length;
  const head = `${count('added')} to add, ${count('changed')} to change, ${count('removed')} to remove, ${unchanged} unchanged`;
  const sections = changes.map((c) => {
    const p = (c.after ?? c.before)!;
    const hunks = objectDiff(p.label, c.before?.obj, c.after?.obj, hidden) || '(only Secret values change; they are redacted)';
    return `=== ${c.change} ${p.label}\n${hunks}`;
  });
  return [head, ...sections].join('\n');
}

/** A YAML stream with Secrets' data redacted (for helm_get manifest and hooks). */
export function redactManifest(text: string): string {
  return parseManifest(text)
    .map((o) => stringify(redactObject(o), { lineWidth: 0 }))
    .join('---\n');
}

export function imagesOf(obj: any): string[] {
  const specs = [obj?.spec, obj?.spec?.template?.spec, obj?.spec?.jobTemplate?.spec?.template?.spec];
  return specs.flatMap((s) => [...(s?.initContainers ?? []), ...(s?.containers ?? [])]).map((c: any) => String(c?.image ?? ''));
}
