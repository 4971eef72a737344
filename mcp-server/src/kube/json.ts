// kubectl calls whose output is JSON: a cut-off answer is an error the model can act on, never half a document.
import { ToolError } from '../errors';
import type { ToolContext } from '../runtime';
import { kubectl, type Invocation } from './invoke';

export async function kubectlJson<T = unknown>(ctx: ToolContext, inv: Invocation): Promise<T> {
  const res = await kubectl(ctx, inv);
  if (res.truncated) {
    const cap = inv.maxBytes ?? ctx.rt.config.limits.maxOutputBytes;
    throw new ToolError(
      `the API answer is larger than ${Math.round(cap / 1048576)} MiB; narrow it with a namespace, a label selector or a smaller page`,
    );
  }
  try {
    return JSON.parse(res.stdout) as T;
  } catch {
    throw new ToolError('kubectl returned output that is not JSON');
  }
}
