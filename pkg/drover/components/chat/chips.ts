// The chips of a question's context, for the input (removable) and for questions already asked (read-only).
import type { Attachment, ChatContext, ObjectRef } from '@drover/protocol';
import type { Translate } from '../../host/types';

export type Chip =
  | { kind: 'cluster'; label: string }
  | { kind: 'namespace'; label: string }
  | { kind: 'resource'; label: string; ref: ObjectRef; index: number }
  | { kind: 'attachment'; label: string; attachment: Attachment; index: number };

export const refLabel = (ref: ObjectRef) => `${ ref.kind }/${ ref.name }${ ref.namespace ? ` · ${ ref.namespace }` : '' }`;

export function chipsOf(context: ChatContext, t: Translate, clusterLabel?: string): Chip[] {
  return [
    ...(context.cluster ? [{ kind: 'cluster' as const, label: t('drover.composer.chips.cluster', { name: clusterLabel ?? context.cluster }) }] : []),
    ...(context.namespace ? [{ kind: 'namespace' as const, label: t('drover.composer.chips.namespace', { name: context.namespace }) }] : []),
    ...(context.resources ?? []).map((ref, index) => ({
      kind: 'resource' as const, label: refLabel(ref), ref, index
    })),
    ...(context.attachments ?? []).map((attachment, index) => ({
      kind: 'attachment' as const, label: attachment.title, attachment, index
    })),
  ];
}
