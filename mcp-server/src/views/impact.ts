// What a change does beyond its diff, for the plan's warnings: replaced pods, redirected traffic, hidden secret
// values, volumes that cannot shrink. Computed from the object before (absent when created) and after.
import type { ToolContext } from '../runtime';
import { canonicalJson } from '../policy/plans';
import { fitText } from './text';

/* eslint-disable @typescript-eslint/no-explicit-any */

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

function secretWarning(label: string, before: any, after: any): string {
  const keys = (o: any) => Object.keys({ ...o?.data, ...o?.stringData });
  if (!before) return `${label}: its values (${keys(after).join(', ') || 'none'}) are never shown`;
  const changed = [...new Set([...keys(before), ...keys(after)])].filter((k) => !same(before.data?.[k], after.data?.[k]));
  return `${label}: its values are never shown; ${changed.length ? `keys that change: ${changed.join(', ')}` : 'none of them change'}`;
}

export function changeWarnings(before: any, after: any): string[] {
  const kind: string = after?.kind ?? before?.kind;
  const label = `${kind} ${after?.metadata?.name ?? before?.metadata?.name}`;
  const warnings: string[] = [];
  if (kind === 'Secret') warnings.push(secretWarning(label, before, after));
  if (!before) return warnings;
  if (WORKLOADS.has(kind) && !same(before.spec?.template, after.spec?.template)) {
    warnings.push(`${label}: the pod template changes, so every pod is replaced (rolling update)`);
  }
  if (kind === 'Service' && !same(before.spec?.selector, after.spec?.selector)) {
    warnings.push(`${label}: the selector changes, so its traffic goes to other pods`);
  }
  if (kind === 'PersistentVolumeClaim' && !same(before.spec, after.spec)) {
    warnings.push(
      `${label}: the claim's spec changes; storage can only grow (if its class allows expansion) and most other fields cannot change once bound`,
    );
  }
  return warnings;
}

/** Fits a plan's diff into what is left of the answer after the command and warnings. */
export function fitDiff(ctx: ToolContext, diff: string, reservedChars: number, hint: string): string {
  const fitted = fitText(diff, Math.max(ctx.budgetChars - reservedChars - 300, 400), hint);
  if (fitted.truncated) ctx.record.truncated = true;
  return fitted.text;
}
