// Nodes that are NotReady, under memory/disk/PID pressure, without network, or cordoned.
import type { Severity } from '@drover/protocol';
import { age } from '../views/printers';
import type { Finding, Inputs, K8sObject } from './types';
import { condition, conditionText, finding } from './util';

const PRESSURES: { type: string; severity: Severity; fix: string }[] = [
  {
    type: 'MemoryPressure',
    severity: 'warning',
    fix: 'free memory on it: set memory limits, move or scale down heavy pods, or add capacity',
  },
  { type: 'DiskPressure', severity: 'warning', fix: 'free disk on it: prune unused images and logs, or grow its disk' },
  { type: 'PIDPressure', severity: 'warning', fix: 'a pod starts too many processes: find it, or set a pod PID limit' },
  { type: 'NetworkUnavailable', severity: 'critical', fix: 'its pod network is not set up: check the CNI plugin on it' },
];

function analyzeNode(inputs: Inputs, node: K8sObject): Finding | undefined {
  const ready = condition(node, 'Ready');
  const problems: string[] = [];
  const evidence: string[] = [];
  const fixes: string[] = [];
  let severity: Severity = 'info';
  if (ready?.status !== 'True') {
    problems.push('NotReady');
    evidence.push(
      ready ? `${conditionText(ready)}, last heartbeat ${age(ready.lastHeartbeatTime, inputs.now)} ago` : 'no Ready condition reported',
    );
    fixes.push(
      'the kubelet stopped reporting or reports not ready: check its kubelet, container runtime and network; its pods are evicted after about 5 minutes',
    );
    severity = 'critical';
  }
  for (const p of PRESSURES) {
    const c = condition(node, p.type);
    if (c?.status !== 'True') continue;
    problems.push(p.type);
    evidence.push(conditionText(c));
    fixes.push(p.fix);
    if (severity !== 'critical') severity = p.severity;
  }
  if (node.spec?.unschedulable) {
    evidence.push('cordoned: spec.unschedulable is true (no new pods land here)');
    if (!problems.length) {
      problems.push('cordoned');
      fixes.push('uncordon it (kubectl uncordon) once its maintenance is done');
    }
  }
  if (!problems.length) return undefined;
  return finding(inputs, 'nodes', node, { severity, problem: problems.join(', '), evidence, fix: fixes.join('; ') });
}

export function analyzeNodes(inputs: Inputs): Finding[] {
  return (inputs.lists.nodes ?? []).map((n) => analyzeNode(inputs, n)).filter((f): f is Finding => Boolean(f));
}
