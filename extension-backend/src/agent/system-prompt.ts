// The system prompt: a fixed text (prompts/system.md, read once) plus what the user is looking at.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatContext } from '@drover/protocol';

const BASE = readFileSync(join(__dirname, 'prompts', 'system.md'), 'utf8').trim();

export function systemPrompt(context: ChatContext | undefined, clusterName: string): string {
  const lines = [`The user is looking at cluster "${context?.cluster ?? clusterName}".`];
  if (context?.namespace) lines.push(`Their current namespace is "${context.namespace}": use it when they do not name one.`);
  const r = context?.resource;
  if (r) lines.push(`They have ${r.kind} "${r.name}"${r.namespace ? ` in namespace "${r.namespace}"` : ''} open: "it" or "this" means that object.`);
  return `${BASE}\n\nContext:\n${lines.map((l) => `- ${l}`).join('\n')}`;
}
