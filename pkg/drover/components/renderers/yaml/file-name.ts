// What a downloaded document is called: after the object it describes (`deployment-web.yaml`), or after the tool
// that produced it when it describes no single object.
import type { ObjectRef } from '@drover/protocol';
import type { CodeFormat } from './highlight';

const MIME: Record<CodeFormat, string> = { yaml: 'application/yaml', json: 'application/json' };

/** Keeps a file name to characters every file system accepts. */
const safe = (part: string) => part.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');

export function fileNameFor(ref: ObjectRef | undefined, format: CodeFormat, fallback = 'resource'): string {
  const base = ref ? [ref.kind, ref.namespace, ref.name].filter(Boolean).map((p) => safe(p!)).filter(Boolean).join('-') : safe(fallback);

  return `${ base || 'resource' }.${ format }`;
}

export const mimeTypeOf = (format: CodeFormat): string => MIME[format];
