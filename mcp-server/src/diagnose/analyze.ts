// Runs the chosen analyzer families over the fetched lists. Order matters: pod findings come first so that
// workloads and services can join them instead of repeating them, and events come last so that they only add
// what no other finding explains.
import { analyzeEvents } from './events';
import { analyzeJobs } from './jobs';
import { analyzeNodes } from './nodes';
import { analyzePods } from './pods';
import { analyzeServices } from './services';
import { analyzeStorage } from './storage';
import { SEVERITY_RANK, type Family, type Finding, type Inputs } from './types';
import { analyzeWorkloads } from './workloads';

export interface Analysis {
  /** Most severe first; within a severity, in analyzer order (nodes, pods, workloads, services, storage, jobs, events). */
  findings: Finding[];
  /** Warning events left out by the events cap. */
  omittedEvents: number;
}

export function analyze(inputs: Inputs, families: ReadonlySet<Family>): Analysis {
  const nodes = families.has('nodes') ? analyzeNodes(inputs) : [];
  const pods = families.has('pods') ? analyzePods(inputs) : [];
  const workloads = families.has('workloads') ? analyzeWorkloads(inputs, pods) : [];
  const services = families.has('services') ? analyzeServices(inputs, [...pods, ...workloads]) : [];
  const storage = families.has('storage') ? analyzeStorage(inputs) : [];
  const jobs = families.has('jobs') ? analyzeJobs(inputs) : [];
  const found = [...nodes, ...pods, ...workloads, ...services, ...storage, ...jobs];
  const events = families.has('events') ? analyzeEvents(inputs, new Set(found.flatMap((f) => f.covers))) : { findings: [], omitted: 0 };
  const findings = [...found, ...events.findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  return { findings, omittedEvents: events.omitted };
}
