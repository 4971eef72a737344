// `kubectl get --raw=<path>` sends exactly <path>: it drops any path the server URL has (Rancher's proxy lives at
// <rancher>/k8s/clusters/<id>), so raw paths must carry that prefix themselves.
import type { ToolContext } from '../runtime';

export function rawArg(ctx: ToolContext, path: string, query?: URLSearchParams): string {
  const q = query && [...query.keys()].length ? `?${query}` : '';
  return `--raw=${ctx.apiPrefix}${path}${q}`;
}
