// What the scripted model says: answers whose every streamed chunk is a unique text (so a chunk the fake sent can be
// matched to the token event a client received), and a read of the bench namespace, by the model or as a /command.
import type { ScriptedMessage } from '../../tests/ollama-fake/server';

export interface ScriptedAnswer {
  reply: ScriptedMessage;
  texts: string[];
}

/** `count` answers of `tokens` chunks each, streamed one chunk every `chunkDelayMs`; texts look like "a12.3 ". */
export function answers(prefix: string, count: number, tokens: number, chunkDelayMs: number): ScriptedAnswer[] {
  return Array.from({ length: count }, (_, n) => {
    const texts = Array.from({ length: tokens }, (_, i) => `${prefix}${n}.${i} `);
    return { reply: { text: texts, chunkDelayMs }, texts };
  });
}

/** The model lists the ConfigMaps of a namespace with k8s_get (a read: no approval); `readCommand` does the same without it. */
export const readToolCall = (namespace: string): ScriptedMessage => ({
  toolCalls: [{ name: 'k8s_get', arguments: { kind: 'configmaps', namespace } }],
});

export const readCommand = (namespace: string) => `/get configmaps -n ${namespace}`;
