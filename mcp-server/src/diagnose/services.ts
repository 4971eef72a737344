// Services that route nowhere: a selector that matches no pods, selected pods that are all not ready (joined to
// those pods' findings when they have some), or ready pods that are not endpoints (usually a targetPort that
// names no container port).
import { podStatus } from '../views/printers';
import type { Finding, Inputs, K8sObject } from './types';
import { condition, finding, keyOf, latestEvent, podReady, sameNamespace, selectorText } from './util';

/** Ready pods get this long to become endpoints before a missing endpoint counts. */
const ENDPOINT_GRACE_MS = 60_000;
const MAX_SHOWN = 5;

function matches(selector: Record<string, string>, pod: K8sObject): boolean {
  const labels = pod.metadata?.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The values the namespace's pods carry for the selector's keys: often shows a typo at a glance. */
function nearby(selector: Record<string, string>, pods: K8sObject[]): string | undefined {
  const seen = Object.keys(selector).flatMap((k) =>
    [...new Set(pods.map((p) => p.metadata?.labels?.[k]).filter(Boolean))].slice(0, MAX_SHOWN).map((v) => `${k}=${v}`),
  );
  return seen.length ? `pods in the namespace have: ${seen.join(', ')}` : 'no pod in the namespace has these label keys';
}

function readyEndpoints(inputs: Inputs, svc: K8sObject): number | undefined {
  const slices = inputs.lists.endpointslices;
  if (!slices) return undefined;
  return slices
    .filter((s) => sameNamespace(s, svc) && s.metadata?.labels?.['kubernetes.io/service-name'] === svc.metadata.name)
    .flatMap((s) => s.endpoints ?? [])
    .filter((e: K8sObject) => e.conditions?.ready !== false).length;
}

function analyzeService(inputs: Inputs, svc: K8sObject, podFindings: Finding[]): Finding | undefined {
  const selector: Record<string, string> = svc.spec?.selector ?? {};
  const inNamespace = (inputs.lists.pods ?? []).filter(
    (p) => sameNamespace(p, svc) && !p.metadata?.deletionTimestamp && !['Succeeded', 'Failed'].includes(p.status?.phase),
  );
  const selected = inNamespace.filter((p) => matches(selector, p));
  const event = latestEvent(inputs, 'Service', svc, [], 'Warning');
  if (!selected.length) {
    return finding(inputs, 'services', svc, {
      severity: 'warning',
      problem: `no endpoints: selector ${selectorText(selector)} matches no pods`,
      evidence: [`selector ${selectorText(selector)}`, nearby(selector, inNamespace), event].filter((e): e is string => Boolean(e)),
      fix: 'change the selector to the labels of the pods it should serve, or deploy those pods; delete the Service if nothing uses it',
    });
  }
  const ready = selected.filter(podReady);
  if (!ready.length) {
    const keys = new Set(selected.map((p) => keyOf('pods', p)));
    const explained = podFindings.filter((f) => f.covers.some((k) => keys.has(k)));
    for (const f of explained) {
      f.evidence.push(`Service ${svc.metadata.name} has no ready endpoints`);
      f.covers.push(keyOf('services', svc));
    }
    if (explained.length) return undefined;
    return finding(inputs, 'services', svc, {
      severity: 'warning',
      problem: `no ready endpoints: none of its ${selected.length} selected pods is ready`,
      evidence: [
        `pods: ${selected
          .slice(0, MAX_SHOWN)
          .map((p) => `${p.metadata.name} ${podStatus(p)}`)
          .join(', ')}`,
      ],
      fix: 'make the selected pods ready (see why they are not); the Service sends no traffic until then',
      covers: [...keys],
    });
  }
  const settled = ready.every((p) => inputs.now - Date.parse(condition(p, 'Ready')?.lastTransitionTime ?? '') > ENDPOINT_GRACE_MS);
  if (readyEndpoints(inputs, svc) !== 0 || !settled) return undefined;
  const ports = (ready[0].spec?.containers ?? []).flatMap((c: K8sObject) =>
    (c.ports ?? []).map((p: K8sObject) => `${p.name ? `${p.name}=` : ''}${p.containerPort}`),
  );
  return finding(inputs, 'services', svc, {
    severity: 'warning',
    problem: `${ready.length} selected pods are ready but none is an endpoint`,
    evidence: [
      `targetPort ${(svc.spec?.ports ?? []).map((p: K8sObject) => p.targetPort ?? p.port).join(', ')}`,
      `container ports ${ports.join(', ') || 'none declared'}`,
    ],
    fix: "make the Service's targetPort match a containerPort of the pods (by number or by name)",
    covers: ready.map((p) => keyOf('pods', p)),
  });
}

/** A Service without a selector gets its endpoints by hand (mirrored into EndpointSlices); none means no traffic. */
function analyzeManual(inputs: Inputs, svc: K8sObject): Finding | undefined {
  if (readyEndpoints(inputs, svc) !== 0 || inputs.now - Date.parse(svc.metadata?.creationTimestamp ?? '') < ENDPOINT_GRACE_MS)
    return undefined;
  return finding(inputs, 'services', svc, {
    severity: 'warning',
    problem: 'no endpoints: it has no selector and no ready endpoints were added by hand',
    evidence: ['no selector', 'no ready endpoints in its EndpointSlices'],
    fix: 'give it a selector that matches its pods, or create the Endpoints/EndpointSlice it should route to',
  });
}

export function analyzeServices(inputs: Inputs, podFindings: Finding[]): Finding[] {
  return (
    (inputs.lists.services ?? [])
      .filter((svc) => svc.spec?.type !== 'ExternalName')
      // The API server publishes its own addresses as the endpoints of default/kubernetes. Drover's test cluster
      // runs it on loopback only (--endpoint-reconciler-type=none), so that Service has none there by design; on a
      // real cluster they always exist (without them nothing in the cluster could reach the API), so a finding
      // about it could only ever be a false alarm.
      .filter((svc) => !(svc.metadata?.namespace === 'default' && svc.metadata?.name === 'kubernetes'))
      .map((svc) => (Object.keys(svc.spec?.selector ?? {}).length ? analyzeService(inputs, svc, podFindings) : analyzeManual(inputs, svc)))
      .filter((f): f is Finding => Boolean(f))
  );
}
