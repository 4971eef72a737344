// Patches: their three kinds, the checks a patch body must pass, and the server-side dry run that shows what the
// object would become (used by k8s_patch, and by k8s_rollout to validate what `kubectl rollout` cannot dry-run).
import { z } from 'zod';
import { ToolError } from '../errors';
import type { ToolContext } from '../runtime';
import { kubectlJson } from './json';
import { actionOn, objectArgs, type Target } from './target';

/* eslint-disable @typescript-eslint/no-explicit-any */

export type PatchType = 'strategic' | 'merge' | 'json';

export const MAX_PATCH_CHARS = 64 * 1024;

/** Any JSON value, declared once so that tools/list shows one definition of it. */
const jsonValue = z.json();

/** One operation of a JSON patch (RFC 6902): value is any JSON, from is for move and copy. */
const jsonPatchOperation = z.strictObject({
  op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
  path: z.string(),
  value: jsonValue.optional(),
  from: z.string().optional(),
});

/** A patch as a model gives it: an object (strategic or merge), a list of operations (json), or either as JSON text. */
export const patchArg = z.union([z.record(z.string(), jsonValue), z.array(jsonPatchOperation).max(100), z.string().max(MAX_PATCH_CHARS)]);

/** The API groups Kubernetes itself serves; only these understand strategic merge patches (CRDs do not). */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

export function defaultPatchType(t: Target): PatchType {
  return BUILT_IN_GROUPS.has(t.resource.group) ? 'strategic' : 'merge';
}

/** A patch given as a JSON string (weak models often send one) becomes the value it encodes. */
export function parsePatch(patch: unknown): unknown {
  if (typeof patch !== 'string') return patch;
  try {
    return JSON.parse(patch);
  } catch {
    throw new ToolError('the patch is not valid JSON');
  }
}

/** The patch as compact JSON: an object for strategic and merge patches, a list of operations for JSON patches. */
export function patchBody(value: unknown, type: PatchType): string {
  if (type === 'json') {
    const ops = Array.isArray(value) ? value : undefined;
    if (!ops?.length || !ops.every((op) => op && typeof op === 'object' && typeof op.op === 'string' && typeof op.path === 'string')) {
      throw new ToolError('a json patch is a list of operations such as [{"op":"replace","path":"/spec/replicas","value":3}]');
    }
  } else if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ToolError(`a ${type} patch is an object such as {"spec":{"replicas":3}}; a list of operations needs type=json`);
  }
  const body = JSON.stringify(value);
  if (body.length > MAX_PATCH_CHARS) throw new ToolError(`the patch is larger than ${MAX_PATCH_CHARS / 1024} KiB`);
  return body;
}

export function patchArgv(t: Target, type: PatchType, body: string): string[] {
  return ['patch', ...objectArgs(t), `--type=${type}`, `--patch=${body}`];
}

/** The object as it would be after the patch, according to the API server (RBAC, admission and validation included). */
export function dryRunPatch(ctx: ToolContext, t: Target, type: PatchType, body: string): Promise<any> {
  return kubectlJson(ctx, { argv: [...patchArgv(t, type, body), '--dry-run=server', '--output=json'], actions: [actionOn(t, 'patch')] });
}
