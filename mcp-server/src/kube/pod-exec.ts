// The pieces of k8s_exec that are not the tool itself: which container a command runs in (it must be running),
// a deadline of the caller's choosing on top of the server's, and what kubectl's exit tells about the command.
import { CallCancelled, ToolError } from '../errors';
import type { ToolContext } from '../runtime';
import { currentObject, type Target } from './target';

/* eslint-disable @typescript-eslint/no-explicit-any */

const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

export interface ExecContainer {
  name: string;
  /** Every app container of the pod, to say which one was picked when the caller named none. */
  all: string[];
}

/** The container to run in: the named one, else the pod's default; the pod and the container must be running. */
export async function runningContainer(ctx: ToolContext, pod: Target, wanted: string | undefined): Promise<ExecContainer> {
  const obj = await currentObject(ctx, pod);
  const all: string[] = (obj.spec?.containers ?? []).map((c: any) => c.name);
  const fallback = obj.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  const name = wanted ?? (all.includes(fallback) ? fallback : all[0]);
  if (!all.includes(name)) throw new ToolError(`pod ${pod.name} has no container ${name}; its containers are ${all.join(', ')}`);
  const phase = obj.status?.phase ?? 'Unknown';
  if (phase !== 'Running') throw new ToolError(`pod ${pod.name} is ${phase}, not Running: commands run only in running pods`);
  const state = (obj.status?.containerStatuses ?? []).find((c: any) => c.name === name)?.state ?? {};
  if (!state.running) {
    const why = state.waiting?.reason ?? state.terminated?.reason ?? 'no status yet';
    throw new ToolError(`container ${name} of pod ${pod.name} is not running (${why})`);
  }
  return { name, all };
}

/** Runs `work` with a context whose calls stop after `seconds`; the stop is reported as the command's timeout. */
export async function withDeadline<T>(ctx: ToolContext, seconds: number, work: (ctx: ToolContext) => Promise<T>): Promise<T> {
  const deadline = AbortSignal.timeout(seconds * 1000);
  try {
    return await work({ ...ctx, signal: AbortSignal.any([ctx.signal, deadline]) });
  } catch (err) {
    if (err instanceof CallCancelled && deadline.aborted && !ctx.signal.aborted) {
      throw new ToolError(`the command did not finish within ${seconds} s and was stopped`);
    }
    throw err;
  }
}

/** kubectl exits with the command's exit code and says so last on stderr; any other failure is kubectl's own. */
export function commandExit(exitCode: number | null, stderr: string): { code: number; stderr: string } | undefined {
  if (exitCode === 0) return { code: 0, stderr };
  const marker = /\n?command terminated with exit code (\d+)\s*$/.exec(stderr);
  return marker ? { code: Number(marker[1]), stderr: stderr.slice(0, marker.index) } : undefined;
}
