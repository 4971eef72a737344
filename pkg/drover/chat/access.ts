// Who may use Drover. In Rancher the browser reaches the backend through the local cluster's service proxy, which
// refuses users without the chart's global role "Drover user" (HTTP 403, a Kubernetes Status rather than the
// backend's own error: BackendError `not_allowed`). The panel, the cluster card and the detail tab say so, and who
// can change it, instead of showing the proxy's message.
import type { Translate } from '../host/types';
import { BackendError } from './backend-api';

export function isNotAllowed(err: unknown): boolean {
  return err instanceof BackendError && err.code === 'not_allowed';
}

/** A failed call as a card or tab says it: the short reason when the user may not use Drover, else `key` with the error. */
export function failureText(err: unknown, t: Translate, key: string): string {
  return isNotAllowed(err) ? t('drover.access.short') : t(key, { error: (err as Error).message });
}
