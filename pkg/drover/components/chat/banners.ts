// The banners above the conversation, from the chat's state: what is unreachable, what was refused, what expired.
// Pure, so each case is tested on its own; a banner's key changes with its detail, so a new problem shows again
// after the user dismissed an older one.
import type { Models, Readiness } from '@drover/protocol';
import { stepsOf, type ConversationState } from '../../chat/conversation';
import type { Translate } from '../../host/types';

export interface Banner {
  key: string;
  level: 'error' | 'warning' | 'info';
  text: string;
  /** Offer the /commands that work without a model. */
  offerCommands?: boolean;
}

export interface BannerInputs {
  conversation: ConversationState;
  models?: Models;
  readiness?: Readiness;
  problem?: string;
}

export function bannersFor({
  conversation, models, readiness, problem
}: BannerInputs, t: Translate): Banner[] {
  const banners: Banner[] = [];
  const latest = conversation.turns[conversation.turns.length - 1];
  const errors = latest?.items.flatMap((i) => (i.kind === 'error' ? [i] : [])) ?? [];
  const modelError = errors.find((e) => e.code === 'model_unavailable');
  const modelDown = readiness?.checks.ollama.ok === false ? readiness.checks.ollama.error ?? '' : models?.reachable === false ? models.error ?? '' : undefined;

  if (modelError || modelDown !== undefined) {
    banners.push({
      key: `model:${ modelDown ?? modelError?.message }`, level: 'error', offerCommands: true, text: t('drover.banners.modelDown', { detail: (modelDown !== undefined ? modelDown || models?.url : undefined) || modelError?.message || '' })
    });
  } else if (models?.reachable && models.configured.length && models.configured.every((m) => !m.installed)) {
    banners.push({
      key: `missing:${ models.configured[0].name }`, level: 'warning', offerCommands: true, text: t('drover.banners.modelMissing', { model: models.configured[0].name })
    });
  }
  const toolsError = errors.find((e) => e.code === 'tools_unavailable');
  const toolsDown = readiness?.checks.mcp.ok === false ? readiness.checks.mcp.error ?? '' : undefined;

  if (toolsError || toolsDown !== undefined) {
    banners.push({
      key: `tools:${ toolsDown ?? toolsError?.message }`, level: 'error', text: t('drover.banners.toolsDown', { detail: toolsDown || toolsError?.message || '' })
    });
  }
  const steps = latest ? stepsOf(latest) : [];
  const refused = steps.find((s) => s.result?.forbidden);

  if (refused) {
    banners.push({
      key: `forbidden:${ latest!.turnId }:${ refused.callId }`, level: 'warning', text: t('drover.banners.forbidden', { detail: refused.result!.summary })
    });
  }
  const expired = steps.find((s) => s.approval?.decision === 'expired');

  if (expired) {
    banners.push({
      key: `expired:${ expired.approval!.approvalId }`, level: 'warning', text: t('drover.banners.expired')
    });
  }
  conversation.notices.forEach((notice, index) => banners.push({
    key: `notice:${ index }:${ notice.message }`, level: 'error', text: notice.message
  }));
  if (problem) {
    banners.push({
      key: `problem:${ problem }`, level: 'error', text: problem
    });
  }

  return banners;
}
