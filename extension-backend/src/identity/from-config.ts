// The authenticator the configuration asks for. Rancher mode trusts only Rancher; standalone mode takes the demo's
// static tokens first (when configured), then whatever the Kubernetes API server vouches for.
import type { Config } from '../config';
import { firstOf } from './credentials';
import { createRancherAuthenticator } from './rancher';
import { createStaticTokenAuthenticator } from './static-tokens';
import { createTokenReviewAuthenticator } from './token-review';
import type { Authenticator } from './types';

export function authenticatorFor(auth: Config['auth']): Authenticator {
  if (auth.mode === 'rancher') return createRancherAuthenticator({ rancherUrl: auth.rancherUrl!, caFile: auth.rancherCaFile });
  const chain: Authenticator[] = [];
  if (auth.staticTokensFile) chain.push(createStaticTokenAuthenticator(auth.staticTokensFile));
  if (auth.tokenReview) chain.push(createTokenReviewAuthenticator({ kubeconfig: auth.kubeconfig }));
  return firstOf(...chain);
}
