// PersistentVolumeClaims that have no volume: Pending (no such StorageClass, no provisioner, no matching
// PersistentVolume) or Lost (their volume is gone).
import { age } from '../views/printers';
import type { Finding, Inputs, K8sObject } from './types';
import { finding, newestEvent, eventText } from './util';

/** Dynamic provisioning takes a moment; a Pending claim without a warning gets this long. */
const PROVISION_GRACE_MS = 60_000;

function pendingFix(storageClass: string | undefined, message: string): string {
  if (/storageclass.* not found/i.test(message)) {
    return `StorageClass ${storageClass} does not exist: create it, or set storageClassName to an existing class (kubectl get storageclass)`;
  }
  if (/no storage class is set/i.test(message)) {
    return 'no StorageClass is set and no PersistentVolume matches: set storageClassName, mark a class as default, or create a matching PersistentVolume';
  }
  if (/waiting for a volume to be created|external provisioner/i.test(message)) {
    return `the provisioner of StorageClass ${storageClass} has not created the volume: check that its provisioner (CSI driver) is running`;
  }
  return `check StorageClass ${storageClass ?? '(default)'} and its provisioner, and whether a PersistentVolume can satisfy the claim`;
}

function analyzeClaim(inputs: Inputs, pvc: K8sObject): Finding | undefined {
  const phase = pvc.status?.phase;
  const storageClass: string | undefined = pvc.spec?.storageClassName;
  if (phase === 'Lost') {
    return finding(inputs, 'pvcs', pvc, {
      severity: 'critical',
      problem: `Lost: its PersistentVolume ${pvc.spec?.volumeName ?? ''} no longer exists`.trim(),
      evidence: [`volumeName ${pvc.spec?.volumeName ?? '<none>'}`],
      fix: 'restore the PersistentVolume from a backup, or delete and re-create the claim (its data is gone)',
    });
  }
  if (phase !== 'Pending') return undefined;
  const event = newestEvent(inputs, 'PersistentVolumeClaim', pvc, []);
  // Waiting for the first pod that uses it is how WaitForFirstConsumer classes work, not a fault.
  if (event?.reason === 'WaitForFirstConsumer') return undefined;
  if (event?.type !== 'Warning' && inputs.now - Date.parse(pvc.metadata?.creationTimestamp ?? '') < PROVISION_GRACE_MS) return undefined;
  return finding(inputs, 'pvcs', pvc, {
    severity: 'warning',
    problem: `Pending for ${age(pvc.metadata?.creationTimestamp, inputs.now)}: no volume bound`,
    evidence: [
      `storageClassName ${storageClass ?? '<unset>'}`,
      `requests ${pvc.spec?.resources?.requests?.storage ?? '?'} ${(pvc.spec?.accessModes ?? []).join(',')}`,
      ...(event ? [eventText(event, inputs.now)] : []),
    ],
    fix: pendingFix(storageClass, event?.message ?? ''),
  });
}

export function analyzeStorage(inputs: Inputs): Finding[] {
  return (inputs.lists.pvcs ?? []).map((pvc) => analyzeClaim(inputs, pvc)).filter((f): f is Finding => Boolean(f));
}
