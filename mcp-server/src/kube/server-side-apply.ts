// kubectl's server-side apply for k8s_apply: the current state of a manifest's objects, and the apply itself (dry
// run or real) with field-manager conflicts explained instead of kubectl's long tutorial.
import { CommandFailed } from '../errors';
import type { KubeAction } from '../policy/engine';
import { maskError } from '../policy/redact';
import type { ToolContext } from '../runtime';
import { kubectl } from './invoke';
import { actionFor, type ManifestObject } from './manifest';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const FIELD_MANAGER = 'drover';

/** Identifies an object across kubectl outputs: API group, kind, namespace, name. */
export function keyOf(obj: any): string {
  const apiVersion: string = obj?.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return `${group}/${obj?.kind}/${obj?.metadata?.namespace ?? ''}/${obj?.metadata?.name}`;
}

/** kubectl prints one object bare, several as a List, and nothing at all when --ignore-not-found found none. */
function itemsOf(stdout: string): any[] {
  if (!stdout.trim()) return [];
  const parsed = JSON.parse(stdout);
  return parsed.kind === 'List' ? (parsed.items ?? []) : [parsed];
}

function failure(ctx: ToolContext, stderr: string, exitCode: number | null): CommandFailed {
  const text = maskError(stderr.split(ctx.dir).join('<file>').trim()) || `kubectl exited with code ${exitCode}`;
  const conflict = /^(?:error: )?(Apply failed with \d+ conflicts?:[\s\S]*?)\nPlease review the fields above/m.exec(text);
  if (conflict) {
    return new CommandFailed(
      `${conflict[1]}\nOther field managers own these fields. Leave them out of the manifest, ` +
        'or plan again with force=true to take them over (their owners may set them back).',
    );
  }
  return new CommandFailed(text.length > 2000 ? `${text.slice(0, 2000)}…` : text);
}

/** The objects that exist now, by key. */
export async function currentStates(ctx: ToolContext, objects: ManifestObject[], file: string): Promise<Map<string, any>> {
  const res = await kubectl(ctx, {
    argv: ['get', `--filename=${file}`, '--ignore-not-found', '--output=json'],
    actions: objects.map((o) => actionFor(o, 'get')),
    allowFailure: true,
  });
  if (res.exitCode !== 0) throw failure(ctx, res.stderr, res.exitCode);
  return new Map(itemsOf(res.stdout).map((item) => [keyOf(item), item]));
}

/** Runs the apply (argv ends with the flags for a dry run when planning) and returns what kubectl printed. */
export async function runApply(ctx: ToolContext, argv: string[], actions: KubeAction[]): Promise<{ stdout: string; items: () => any[] }> {
  const res = await kubectl(ctx, { argv, actions, allowFailure: true });
  if (res.exitCode !== 0) throw failure(ctx, res.stderr, res.exitCode);
  return { stdout: res.stdout, items: () => itemsOf(res.stdout) };
}
