// A scripted "perfect agent" for the task benchmark (agent-tasks.ts): one MCP session over Streamable HTTP as one
// user, reads whose results must hold the evidence the next step needs, and writes approved through the plan-token
// protocol (the client declares the plans capability, the plan's result carries a token in _meta, the same call is
// sent again with it). It counts tool calls and approved plans, and the first step that did not go as planned ends
// the task (StepFailed): that step is what the benchmark prints.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CONFIRMATION_META_KEY, PLANS_CAPABILITY } from '../../extension-backend/protocol/src/mcp-meta';
import { textOf, TOKEN } from './common';

/** The first step of a task that did not go as a perfect agent needs it to. */
export class StepFailed extends Error {}

export interface AgentUser {
  name: string;
  groups: string[];
}

/** How often a perfect agent asks again about something still in progress (rollout status says "ask again later"). */
const POLL_TRIES = 20;
const POLL_PAUSE_MS = 1_000;
const QUOTE_CHARS = 160;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, QUOTE_CHARS);

export class PerfectAgent {
  calls = 0;
  plansApproved = 0;

  private constructor(private readonly client: Client) {}

  /** A session as `user`, declaring that it shows plans to its user before confirming them. */
  static async connect(port: number, user: AgentUser): Promise<PerfectAgent> {
    const client = new Client(
      { name: 'bench-perfect-agent', version: '0' },
      { capabilities: { experimental: { [PLANS_CAPABILITY]: {} } } },
    );
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
        requestInit: {
          headers: { Authorization: `Bearer ${TOKEN}`, 'X-Drover-User': user.name, 'X-Drover-Groups': user.groups.join(',') },
        },
      }),
    );
    return new PerfectAgent(client);
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private async call(tool: string, args: Record<string, unknown>, meta?: Record<string, unknown>): Promise<CallToolResult> {
    this.calls++;
    return (await this.client.callTool({ name: tool, arguments: args, ...(meta ? { _meta: meta } : {}) })) as CallToolResult;
  }

  /** A read; `evidence` is what its answer must show for the agent to go on. */
  async read(tool: string, args: Record<string, unknown>, evidence?: RegExp): Promise<CallToolResult> {
    const res = await this.call(tool, args);
    const text = textOf(res);
    if (res.isError) throw new StepFailed(`${tool} failed: ${oneLine(text)}`);
    if (evidence && !evidence.test(text)) throw new StepFailed(`${tool} did not show ${evidence}: ${oneLine(text)}`);
    return res;
  }

  /** Reads again while the answer does not show `evidence` yet, as an agent does when told to ask again later. */
  async poll(tool: string, args: Record<string, unknown>, evidence: RegExp): Promise<CallToolResult> {
    let last = '';
    for (let i = 0; i < POLL_TRIES; i++) {
      const res = await this.call(tool, args);
      last = textOf(res);
      if (res.isError) throw new StepFailed(`${tool} failed: ${oneLine(last)}`);
      if (evidence.test(last)) return res;
      await new Promise((r) => setTimeout(r, POLL_PAUSE_MS));
    }
    throw new StepFailed(`${tool} still did not show ${evidence} after ${POLL_TRIES} calls: ${oneLine(last)}`);
  }

  /**
   * A write: plan, check the plan (a token, and `inPlan` when given: what the user must be shown before approving),
   * approve, and run it with the token.
   */
  async write(tool: string, args: Record<string, unknown>, inPlan?: RegExp): Promise<CallToolResult> {
    const plan = await this.call(tool, args);
    const planText = `${textOf(plan)}\n${JSON.stringify(plan.structuredContent ?? {})}`;
    if (plan.isError) throw new StepFailed(`${tool} plan failed: ${oneLine(textOf(plan))}`);
    const token = plan._meta?.[CONFIRMATION_META_KEY];
    if (typeof token !== 'string') throw new StepFailed(`${tool} plan carried no confirmation token: ${oneLine(textOf(plan))}`);
    if (inPlan && !inPlan.test(planText)) throw new StepFailed(`${tool} plan did not show ${inPlan}: ${oneLine(textOf(plan))}`);
    this.plansApproved++;
    const done = await this.call(tool, args, { [CONFIRMATION_META_KEY]: token });
    if (done.isError) throw new StepFailed(`${tool} failed after approval: ${oneLine(textOf(done))}`);
    return done;
  }
}

/** The object names a k8s_get table lists (its rows' refs). */
export function namesIn(res: CallToolResult): string[] {
  const rows = (res.structuredContent as { rows?: { ref?: { name: string } }[] } | undefined)?.rows ?? [];
  return rows.flatMap((row) => (row.ref ? [row.ref.name] : []));
}
