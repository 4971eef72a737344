// Field paths for k8s_get's projected columns: a strict, small grammar read in one pass (no backtracking), and an
// evaluation that visits each node of the object at most once per step.
//
//   path  = name step*            name = [A-Za-z_][A-Za-z0-9_]*
//   step  = "." name | "[" digits "]" | "[*]" | "['" key "']"      key = [A-Za-z0-9_.\/-]+ (label and annotation keys)
//
// No filter expressions ([?(...)]), no recursive descent (..), no leading dot or braces: kubectl's JSONPath does more,
// but a projection needs none of it, and each refusal says what to write instead.

import { ToolError } from '../errors';

export type FieldStep = { key: string } | { index: number } | { all: true };

const EXAMPLE = 'e.g. spec.containers[*].image';
const MAX_INDEX_DIGITS = 6;

const isNameStart = (c: string) => /[A-Za-z_]/.test(c);
const isNameChar = (c: string) => /[A-Za-z0-9_]/.test(c);
const isKeyChar = (c: string) => /[A-Za-z0-9_./-]/.test(c);

/** The steps of a path, or a one-sentence problem with it. */
export function parseFieldPath(path: string): { steps: FieldStep[] } | { problem: string } {
  if (path.startsWith('{') || path.startsWith('.') || path.startsWith('$'))
    return { problem: `write the path without a leading dot, $ or braces, ${EXAMPLE}` };
  if (path.includes('..')) return { problem: `recursive descent (..) is not supported: name each step, ${EXAMPLE}` };
  if (path.includes('[?')) return { problem: `filter expressions are not supported: use [*] for every item or [0] for one, ${EXAMPLE}` };
  const steps: FieldStep[] = [];
  let i = 0;
  const unexpected = (): { problem: string } => ({
    problem:
      i >= path.length
        ? `the path ends too early: a field path is names joined by dots, with [0] or [*] after a list, ${EXAMPLE}`
        : `unexpected ${JSON.stringify(path[i])} at position ${i + 1}: a field path is names joined by dots, with [0] or [*] after a list, ${EXAMPLE}`,
  });
  const name = (): string | undefined => {
    if (i >= path.length || !isNameStart(path[i])) return undefined;
    const start = i;
    while (i < path.length && isNameChar(path[i])) i++;
    return path.slice(start, i);
  };

  const first = name();
  if (first === undefined) return unexpected();
  steps.push({ key: first });
  while (i < path.length) {
    if (path[i] === '.') {
      i++;
      const key = name();
      if (key === undefined) return unexpected();
      steps.push({ key });
    } else if (path.startsWith('[*]', i)) {
      i += 3;
      steps.push({ all: true });
    } else if (path.startsWith("['", i)) {
      const start = (i += 2);
      while (i < path.length && isKeyChar(path[i])) i++;
      if (i === start || !path.startsWith("']", i)) return unexpected();
      steps.push({ key: path.slice(start, i) });
      i += 2;
    } else if (path[i] === '[') {
      const start = ++i;
      while (i < path.length && i - start < MAX_INDEX_DIGITS && path[i] >= '0' && path[i] <= '9') i++;
      if (i === start || path[i] !== ']') return unexpected();
      steps.push({ index: Number(path.slice(start, i)) });
      i++;
    } else {
      return unexpected();
    }
  }
  return { steps };
}

/** The steps of a path already validated by fieldPathArg (a path that is not one is refused all the same). */
export function fieldSteps(path: string): FieldStep[] {
  const parsed = parseFieldPath(path);
  if ('problem' in parsed) throw new ToolError(`field ${JSON.stringify(path.slice(0, 80))}: ${parsed.problem}`);
  return parsed.steps;
}

/** Every value the path reaches, in document order; [*] fans out over a list's items (or a map's values). */
export function fieldValues(obj: unknown, steps: FieldStep[]): unknown[] {
  let nodes: unknown[] = [obj];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const node of nodes) {
      if (node === null || typeof node !== 'object') continue;
      if ('key' in step) {
        if (!Array.isArray(node) && Object.hasOwn(node, step.key)) next.push((node as Record<string, unknown>)[step.key]);
      } else if ('index' in step) {
        if (Array.isArray(node) && step.index < node.length) next.push(node[step.index]);
      } else {
        for (const item of Array.isArray(node) ? node : Object.values(node)) next.push(item);
      }
    }
    nodes = next.filter((n) => n !== undefined && n !== null);
  }
  return nodes;
}
