// The conversation as the agent keeps it: provider-neutral messages (llm/ollama.ts maps them to Ollama's).

export interface ToolCallRequest {
  /** Minted by the backend (Ollama's tool calls carry no id). */
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; thinking?: string; toolCalls?: ToolCallRequest[] }
  | { role: 'tool'; toolCallId: string; toolName: string; content: string };
