// What a question carries besides its text: the page's scope (cluster, namespace) and what the user attached
// (objects, log lines, events). Shown as chips in the input; the user removes what should not go along.
import {
  MAX_ATTACHMENTS, MAX_ATTACHMENT_CHARS, MAX_CONTEXT_RESOURCES, type Attachment, type ChatContext, type ObjectRef,
} from '@drover/protocol';
import type { PageScope } from '../host/types';

/** What the user has put next to the text being written. */
export interface Draft {
  text: string;
  resources: ObjectRef[];
  attachments: Attachment[];
  /**
   * The namespace to ask in: undefined follows the page's filter, null asks without one (the user removed its chip),
   * a name keeps the one an edited question was asked in.
   */
  namespace?: string | null;
}

export const emptyDraft = (): Draft => ({
  text: '', resources: [], attachments: []
});

/** The namespace a draft asks in. */
export const draftNamespace = (scope: PageScope, draft: Pick<Draft, 'namespace'>): string | undefined => (draft.namespace === null ? undefined : draft.namespace ?? scopeNamespace(scope));

/** The one namespace the page is filtered to, if exactly one. */
export const scopeNamespace = (scope: PageScope): string | undefined => (scope.namespaces.length === 1 ? scope.namespaces[0] : undefined);

export function buildContext(scope: PageScope, draft: Draft): ChatContext {
  const namespace = draftNamespace(scope, draft);

  return {
    ...(scope.cluster ? { cluster: scope.cluster } : {}),
    ...(namespace ? { namespace } : {}),
    ...(draft.resources.length ? { resources: draft.resources } : {}),
    ...(draft.attachments.length ? { attachments: draft.attachments } : {}),
  };
}

const sameRef = (a: ObjectRef, b: ObjectRef) => a.kind === b.kind && a.name === b.name && a.namespace === b.namespace && (a.cluster ?? '') === (b.cluster ?? '');

/** Adds objects the question is about, once each, up to the protocol's limit (the oldest give way). */
export function withResources(draft: Draft, refs: ObjectRef[]): Draft {
  const resources = [...draft.resources.filter((r) => !refs.some((n) => sameRef(r, n))), ...refs].slice(-MAX_CONTEXT_RESOURCES);

  return { ...draft, resources };
}

/** Adds an attachment, its text cut to the protocol's limit from the start (the newest lines matter most). */
export function withAttachment(draft: Draft, attachment: Attachment): Draft {
  const text = attachment.text.length > MAX_ATTACHMENT_CHARS ? attachment.text.slice(-MAX_ATTACHMENT_CHARS) : attachment.text;

  return { ...draft, attachments: [...draft.attachments, { ...attachment, text }].slice(-MAX_ATTACHMENTS) };
}
