// Diffs for plans: what an object looks like now versus after the change, as a unified diff of YAML with the
// noise (status, managedFields, resourceVersion…) removed and both sides redacted alike (a value hidden on one side is
// hidden wherever it appears on either, e.g. a secret a JSON patch copies into an annotation), then masked as text.
import { createPatch } from 'diff';
import { stringify } from 'yaml';
import { canonicalJson } from '../policy/plans';
import { maskText, redactAlike } from '../policy/redact';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NOISY_METADATA = ['managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'selfLink'];

/** The parts of a redacted object a change is about: spec, data and labels, without server bookkeeping. Keys are
 * sorted: the API server, kubectl and typed objects order them differently, and a diff must show changes, not moves. */
function comparable(redacted: any): any {
  if (!redacted) return undefined;
  const clean = JSON.parse(canonicalJson(redacted));
  delete clean.status;
  for (const key of NOISY_METADATA) delete clean.metadata?.[key];
  // Objects built client-side carry `creationTimestamp: null` in their pod template; the server drops it.
  if (clean.spec?.template?.metadata?.creationTimestamp === null) delete clean.spec.template.metadata.creationTimestamp;
  if (clean.metadata?.annotations) {
    delete clean.metadata.annotations['deployment.kubernetes.io/revision'];
    if (!Object.keys(clean.metadata.annotations).length) delete clean.metadata.annotations;
  }
  return clean;
}

function yaml(obj: any): string {
  return obj === undefined ? '' : stringify(obj, { lineWidth: 0 });
}

/** Unified diff (hunks only) between two object states; "" when nothing changes. `hidden`: more values to hide (a
 *  helm release's secret values, which its templates may have put anywhere). */
export function objectDiff(label: string, before: any, after: any, hidden?: Set<string>): string {
  const [a, b] = redactAlike([before, after], hidden).map((o) => yaml(comparable(o)));
  if (a === b) return '';
  const patch = createPatch(label, a, b, '', '', { context: 2 });
  return maskText(patch.split('\n').slice(4).join('\n').trimEnd());
}
