// Which tools the model is offered on a step. Every tool description costs context on every request, and a small
// model picks better from fewer tools, so groups of tools are offered only when the conversation makes them
// relevant: the words of the user's and the model's messages, the kind of object they are looking at, and the tools already
// called. Nothing is ever lost: a tool outside every group is always offered; a group once relevant stays offered
// for the rest of the session (it is derived from the whole conversation, every step); the tools held back are
// named in the system prompt; and a call to a held-back tool still runs (the runner looks in the whole toolbox),
// after which its group is offered with full argument schemas. When unsure, offer more: the words are broad.
// bench/mcp/catalogue.ts measures the catalogue with and without the groups.
import type { ChatContext } from '@drover/protocol';
import type { ToolDefinition } from '../llm/provider';
import type { ChatMessage } from '../llm/types';
import type { RoutedTool } from '../mcp/tool-router';
import { hoistSharedArguments } from './shared-arguments';

interface ToolGroup {
  /** Which tools belong to the group. */
  tools: RegExp;
  /** Words in the conversation that make the group relevant (matched in lower case). */
  words: RegExp;
  /** Kinds of the objects in the UI context that make it relevant. */
  kinds?: RegExp;
  /** A UI context that makes it relevant whatever was said. */
  context?: (context: ChatContext | undefined) => boolean;
}

/** Tools in none of these groups (the core reads: get, describe, logs, events, diagnose; other servers' tools) are always offered. */
const GROUPS: ToolGroup[] = [
  {
    tools: /^helm_/,
    words: /\b(helm|charts?|releases?|revisions?|values|install(ed|s)?|uninstall|upgrade[sd]?|roll ?back|marketplace|catalog)\b/,
    kinds: /^(HelmRelease|App|HelmChart)$/i,
  },
  {
    tools: /^k8s_(scale|apply|patch|rollout|rollout_status|delete)$/,
    words:
      /\b(scal(e|ed|ing)|replicas?|apply|create|patch|edit|change|set|update|modify|restart|roll(ing|ed|outs?)?|roll ?back|undo|revert|pause|resume|delete|remove|kill|fix|repair|redeploy|deploy|image|labels?|annotat\w*|increase|decrease|raise|lower|bump|progress\w*|stuck)\b/,
  },
  { tools: /^k8s_exec$/, words: /\b(exec|shell|commands?|inside|curl|wget|nslookup|dig|ping|env|environment|files?|process(es)?)\b/ },
  {
    tools: /^k8s_top$/,
    words: /\b(cpu|memory|mem|usage|top|metrics?|consum\w*|heav\w*|hungr\w*|load|utili[sz]\w*|throttl\w*|oom\w*|slow|pressure)\b/,
    kinds: /^Node$/i,
  },
  {
    tools: /^k8s_(api_resources|explain)$/,
    words:
      /\b(explain|fields?|schema|spec|crds?|custom resources?|apis|api-?resources|api (groups?|versions?)|apiversion|resource types?|kinds|what is an?)\b/,
    kinds: /^CustomResourceDefinition$/i,
  },
  {
    tools: /^k8s_auth_can_i$/,
    words:
      /\b(can i|can-i|may i|who can|allowed|permissions?|permitted|rbac|forbidden|access|authori[sz]\w*|roles?|rolebindings?|privileges?)\b/,
    kinds: /^(Role|RoleBinding|ClusterRole|ClusterRoleBinding|ServiceAccount)$/i,
  },
  // With no cluster in view, every call must name one, and rancher_clusters lists them.
  { tools: /^rancher_/, words: /\b(rancher|projects?|clusters)\b/, context: (c) => !c?.cluster },
];

export interface ToolOffer {
  /** The system prompt, with paragraphs for the arguments many tools share and the tools held back (if any). */
  system: string;
  tools: ToolDefinition[];
}

export const toolDefinition = (tool: RoutedTool): ToolDefinition => ({
  name: tool.name,
  description: tool.description,
  parameters: tool.inputSchema,
});

interface Conversation {
  words: string;
  kinds: string[];
  called: string[];
  context?: ChatContext;
}

/** Whether `group` is relevant to this conversation (all of the session's messages, this step's included). */
function isRelevant(group: ToolGroup, c: Conversation): boolean {
  return (
    group.words.test(c.words) ||
    c.kinds.some((k) => group.kinds?.test(k)) ||
    c.called.some((name) => group.tools.test(name)) ||
    group.context?.(c.context) === true
  );
}

/** The tools to offer on this step of a turn; `conversation` is the whole session so far, this turn included. */
export function offerTools(
  system: string,
  tools: readonly RoutedTool[],
  conversation: readonly ChatMessage[],
  context?: ChatContext,
): ToolOffer {
  // What the user and the model said (a proposal such as "I can scale it" makes its tools relevant to "do it");
  // never tool results, which quote the cluster.
  const words = conversation
    .filter((m) => m.role === 'user' || m.role === 'assistant')
    .map((m) => m.content.toLowerCase())
    .join('\n');
  const called = conversation.flatMap((m) => (m.role === 'assistant' ? (m.toolCalls ?? []).map((c) => c.name) : []));
  const kinds = (context?.resources ?? []).map((r) => r.kind);
  const held = GROUPS.filter((g) => !isRelevant(g, { words, kinds, called, context }));
  const isHeld = (tool: RoutedTool) => held.some((g) => g.tools.test(tool.name));
  const heldBack = tools.filter(isHeld).map((t) => t.name);
  const heldNote = `More tools, held back until needed: ${heldBack.join(', ')}. Call one by name when the task needs it; from then on it is offered in full.`;
  const offered = hoistSharedArguments(tools.filter((t) => !isHeld(t)).map(toolDefinition));
  const notes = [offered.note, heldBack.length ? heldNote : undefined].filter(Boolean);
  return { system: [system, ...notes].join('\n\n'), tools: offered.tools };
}
