// kubectl's server-side apply for k8s_apply: the current state of a manifest's objects, the steps that apply them in
// dependency order, and the apply itself (dry run or real) with field-manager conflicts explained instead of
// kubectl's long tutorial.
//
// New Namespaces are created (a POST, so the API server refuses if one appeared meanwhile, and the policy judges a
// create); CRDs and existing Namespaces are applied next; once the new ones are usable, the rest. Objects in a new
// Namespace cannot pass a full server-side dry run before it exists: the plan checks them against the API schema only.
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { CommandFailed, ToolError } from '../errors';
import type { KubeAction } from '../policy/engine';
import { maskError } from '../policy/redact';
import type { ToolContext } from '../runtime';
import { apiErrorText, apiGet } from './api';
import { restPath } from './discovery';
import { kubectl } from './invoke';
import { actionFor, isCrd, isDefinition, isNamespace, writeManifest, type ManifestObject } from './manifest';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const FIELD_MANAGER = 'drover';
const CRD_RESOURCE = 'customresourcedefinitions.apiextensions.k8s.io';
/** Discovery lags a CRD's Established condition by a moment: how long to look for the new kinds. */
const DISCOVERY_WAIT_MS = 10_000;

/** Identifies an object across kubectl outputs: API group, kind, namespace, name. */
export function keyOf(obj: any): string {
  const apiVersion: string = obj?.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return `${group}/${obj?.kind}/${obj?.metadata?.namespace ?? ''}/${obj?.metadata?.name}`;
}

/** kubectl prints one object bare and several as a List. */
function itemsOf(stdout: string): any[] {
  if (!stdout.trim()) return [];
  const parsed = JSON.parse(stdout);
  return parsed.kind === 'List' ? (parsed.items ?? []) : [parsed];
}

function errorText(ctx: ToolContext, stderr: string, exitCode: number | null): string {
  return maskError(stderr.split(ctx.dir).join('<file>').trim()) || `kubectl exited with code ${exitCode}`;
}

function failure(ctx: ToolContext, stderr: string, exitCode: number | null): CommandFailed {
  const text = errorText(ctx, stderr, exitCode);
  const conflict = /^(?:error: )?(Apply failed with \d+ conflicts?:[\s\S]*?)\nPlease review the fields above/m.exec(text);
  if (conflict) {
    return new CommandFailed(
      `${conflict[1]}\nOther field managers own these fields. Leave them out of the manifest, ` +
        'or plan again with force=true to take them over (their owners may set them back).',
    );
  }
  return new CommandFailed(text.length > 2000 ? `${text.slice(0, 2000)}…` : text);
}

/** What exists now, by key, and what the user may not read (so whether it exists is unknown). */
export interface CurrentStates {
  current: Map<string, any>;
  unreadable: ManifestObject[];
}

const PARALLEL_READS = 8;

/** One object as it is now (read in the manifest's API version, as kubectl would), undefined when it does not exist. */
async function readCurrent(ctx: ToolContext, o: ManifestObject): Promise<any | 'forbidden'> {
  const version = String(o.obj.apiVersion).split('/').at(-1)!;
  const path = restPath({ ...o.resource, version }, o.namespace, o.name);
  const res = await apiGet(ctx, { path, actions: [actionFor(o, 'get')], allowFailure: true });
  if (res.truncated) throw new ToolError(`${o.label} is too large to show in a plan`);
  if (res.status === 200) return JSON.parse(res.body);
  if (res.status === 404) return undefined;
  // RBAC answers before existence: a user who may create a Namespace but not read others gets 403 for a new one.
  if (res.status === 403) return 'forbidden';
  throw new CommandFailed(maskError(apiErrorText(res)));
}

/** Objects of kinds the cluster does not serve yet cannot exist, and are not asked about. */
export async function currentStates(ctx: ToolContext, objects: ManifestObject[]): Promise<CurrentStates> {
  const states: CurrentStates = { current: new Map(), unreadable: [] };
  const servable = objects.filter((o) => !o.newKind);
  for (let i = 0; i < servable.length; i += PARALLEL_READS) {
    const batch = servable.slice(i, i + PARALLEL_READS);
    const found = await Promise.all(batch.map((o) => readCurrent(ctx, o)));
    batch.forEach((o, j) => {
      if (found[j] === 'forbidden') states.unreadable.push(o);
      else if (found[j]) states.current.set(keyOf(o.obj), found[j]);
    });
  }
  return states;
}

/** An existing Namespace whose labels, annotations and finalizers already are as the manifest says: nothing to change. */
function alreadyAsDescribed(o: ManifestObject, live: any): boolean {
  const { metadata, spec = {} } = o.obj;
  const only = (obj: object, keys: string[]) => Object.keys(obj).every((k) => keys.includes(k));
  const within = (want: Record<string, unknown> = {}, have: Record<string, unknown> = {}) =>
    Object.entries(want).every(([k, v]) => have[k] === v);
  return (
    only(o.obj, ['apiVersion', 'kind', 'metadata', 'spec']) &&
    only(metadata, ['name', 'labels', 'annotations']) &&
    only(spec, ['finalizers']) &&
    within(metadata.labels, live.metadata?.labels) &&
    within(metadata.annotations, live.metadata?.annotations) &&
    (spec.finalizers === undefined || isDeepStrictEqual(spec.finalizers, live.spec?.finalizers))
  );
}

/** A manifest split into the steps that apply it. */
export interface ApplySteps extends CurrentStates {
  /** Namespaces that do not exist yet: created first. */
  newNamespaces: ManifestObject[];
  /** CRDs and existing Namespaces to apply. */
  definitions: ManifestObject[];
  /** Everything else. */
  rest: ManifestObject[];
  /** Objects of `rest` the API server cannot fully check before the new Namespaces and CRDs exist. */
  waiting: ManifestObject[];
  /** Existing Namespaces already as the manifest describes them: left alone. */
  settled: ManifestObject[];
}

export function stepsOf(objects: ManifestObject[], { current, unreadable }: CurrentStates): ApplySteps {
  const live = (o: ManifestObject) => current.get(keyOf(o.obj));
  const settled = objects.filter((o) => isNamespace(o) && live(o) && alreadyAsDescribed(o, live(o)));
  const newNamespaces = objects.filter((o) => isNamespace(o) && !live(o));
  const created = new Set(newNamespaces.map((o) => o.name));
  const definitions = objects.filter((o) => isDefinition(o) && !settled.includes(o) && !newNamespaces.includes(o));
  const rest = objects.filter((o) => !isDefinition(o));
  const waiting = rest.filter((o) => o.newKind || (o.namespace !== undefined && created.has(o.namespace)));
  return { current, unreadable, newNamespaces, definitions, rest, waiting, settled };
}

/** What the steps do to each object they touch: create what does not exist, patch the rest (server-side apply). */
export function actionsOf(
  steps: ApplySteps,
  objects: ManifestObject[] = [...steps.newNamespaces, ...steps.definitions, ...steps.rest],
): KubeAction[] {
  return objects.map((o) => actionFor(o, steps.current.has(keyOf(o.obj)) ? 'patch' : 'create'));
}

type Command = { step: 'create' | 'apply' | 'wait'; argv: string[]; objects: ManifestObject[] };

function applyCommand(ctx: ToolContext, objects: ManifestObject[], file: string, force: boolean): Command {
  const argv = ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, ...(force ? ['--force-conflicts'] : [])];
  return { step: 'apply', objects, argv: [...argv, `--filename=${writeManifest(ctx, objects, file)}`] };
}

function createCommand(ctx: ToolContext, namespaces: ManifestObject[]): Command {
  const file = writeManifest(ctx, namespaces, 'namespaces.json');
  return { step: 'create', objects: namespaces, argv: ['create', `--field-manager=${FIELD_MANAGER}`, `--filename=${file}`] };
}

/** The commands that make the change, in order; one apply when nothing waits for a new Namespace or CRD. */
export function commandsOf(ctx: ToolContext, steps: ApplySteps, force: boolean): Command[] {
  const { newNamespaces, definitions, rest, waiting } = steps;
  if (!newNamespaces.length && !waiting.length) return [applyCommand(ctx, [...definitions, ...rest], 'manifest.json', force)];
  const commands: Command[] = [];
  if (newNamespaces.length) commands.push(createCommand(ctx, newNamespaces));
  if (definitions.length) commands.push(applyCommand(ctx, definitions, 'definitions.json', force));
  const newCrds = definitions.filter((o) => isCrd(o) && !steps.current.has(keyOf(o.obj)));
  if (newCrds.length) {
    const argv = ['wait', '--for=condition=Established', `--timeout=${ctx.rt.config.limits.timeoutSeconds}s`];
    commands.push({ step: 'wait', objects: newCrds, argv: [...argv, ...newCrds.map((o) => `${CRD_RESOURCE}/${o.name}`)] });
  }
  if (rest.length) commands.push(applyCommand(ctx, rest, 'manifest.json', force));
  return commands;
}

async function runOrFail(ctx: ToolContext, argv: string[], actions: KubeAction[]): Promise<string> {
  const res = await kubectl(ctx, { argv, actions, allowFailure: true });
  if (res.exitCode !== 0) throw failure(ctx, res.stderr, res.exitCode);
  return res.stdout;
}

const DRY_RUN = ['--dry-run=server', '--output=json'];

/**
 * The server-side dry run: every object as the API server would store it, as far as it can tell now. Objects in a
 * new Namespace still pass the API schema (fields, types) before the API server stops at the missing Namespace;
 * objects of a kind the cluster does not serve yet are not sent at all.
 */
export async function dryRun(ctx: ToolContext, steps: ApplySteps, force: boolean): Promise<Map<string, any>> {
  const items: any[] = [];
  const answer = async (c: Command) => itemsOf(await runOrFail(ctx, [...c.argv, ...DRY_RUN], actionsOf(steps, c.objects)));
  if (steps.newNamespaces.length) items.push(...(await answer(createCommand(ctx, steps.newNamespaces))));
  const ready = [...steps.definitions, ...steps.rest].filter((o) => !steps.waiting.includes(o));
  if (ready.length) items.push(...(await answer(applyCommand(ctx, ready, 'manifest.json', force))));
  const inNewNamespaces = steps.waiting.filter((o) => !o.newKind);
  if (inNewNamespaces.length) {
    const { argv } = applyCommand(ctx, inNewNamespaces, 'waiting.json', force);
    const res = await kubectl(ctx, { argv: [...argv, ...DRY_RUN], actions: actionsOf(steps, inNewNamespaces), allowFailure: true });
    const missing = new Set(steps.newNamespaces.map((o) => `Error from server (NotFound): namespaces "${o.name}" not found`));
    const errors = errorText(ctx, res.stderr, res.exitCode)
      .split('\n')
      .filter((line) => line.trim() && !missing.has(line.trim()) && !line.startsWith('Warning: '));
    if (res.exitCode !== 0 && errors.length) throw failure(ctx, errors.join('\n'), res.exitCode);
  }
  return new Map(items.map((item) => [keyOf(item), item]));
}

/** Waits (bounded) until this server's discovery serves the new kinds: the gateway judges their requests with it. */
async function awaitServed(ctx: ToolContext, objects: ManifestObject[]): Promise<void> {
  const deadline = Date.now() + DISCOVERY_WAIT_MS;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
    ctx.rt.discovery.forget(ctx.cluster);
    const served = await ctx.rt.discovery.resources(ctx);
    const missing = objects.filter((o) => !served.some((r) => r.group === o.resource.group && r.name === o.resource.name));
    if (!missing.length) return;
    if (Date.now() + pause > deadline) {
      throw new ToolError(
        `the cluster does not serve ${missing[0].resource.kind} yet, although its CustomResourceDefinition is Established`,
      );
    }
    await sleep(pause, undefined, { signal: ctx.signal });
  }
}

/** Runs the steps for real and returns what kubectl printed. A failing step stops the rest, and the error says what was done. */
export async function runSteps(ctx: ToolContext, steps: ApplySteps, force: boolean): Promise<string> {
  const done: string[] = [];
  try {
    for (const c of commandsOf(ctx, steps, force)) {
      if (c.step === 'wait') {
        const reads = c.objects.map((o) => actionFor(o, 'get'));
        done.push((await runOrFail(ctx, c.argv, reads)).trim());
        const newKinds = steps.rest.filter((o) => o.newKind);
        if (newKinds.length) await awaitServed(ctx, newKinds);
        continue;
      }
      const actions = actionsOf(steps, c.objects);
      // Objects that waited for a new Namespace or CRD get their full check now, before any of them is applied.
      if (c.objects.some((o) => steps.waiting.includes(o))) await runOrFail(ctx, [...c.argv, '--dry-run=server'], actions);
      if (c.step === 'apply') {
        done.push((await runOrFail(ctx, c.argv, actions)).trim());
        continue;
      }
      const created = itemsOf(await runOrFail(ctx, [...c.argv, '--output=json'], actions));
      const inactive = created.find((ns) => ns.status?.phase !== 'Active');
      if (inactive)
        throw new ToolError(`namespace ${inactive.metadata?.name} was created but is ${inactive.status?.phase ?? 'not Active'}`);
      done.push(...created.map((ns) => `namespace/${ns.metadata?.name} created`));
    }
  } catch (err) {
    if (!done.length || !(err instanceof ToolError)) throw err;
    throw new CommandFailed(`Only part of the manifest was applied:\n${done.join('\n')}\nThe rest was not applied: ${err.message}`);
  }
  return done.join('\n');
}
