import { z } from 'zod';
import type { UserKey } from '../identity/user-key.js';
import type { TrustedIssuer } from '../identity/trusted-issuers.js';
import type { TokenSet } from '../oauth/healthex-client.js';
import type { ConnectionStatus } from './connection-status.js';

/** The input of `connection.begin`, checked by the router; the service's contract, so it lives here. */
export const beginInput = z
  .object({
    /** Where to send the user back after HealthEx; must be on the issuer's allowed origins. */
    returnUrl: z.string().url().max(2048),
    /** `popup`: the callback posts the result to the opener; `redirect`: it redirects to returnUrl. */
    mode: z.enum(['popup', 'redirect']),
  })
  .strict();
export type BeginInput = z.infer<typeof beginInput>;

/** What the widget's procedures and the OAuth callback do; implemented by `createConnectionService`. */
export interface ConnectionService {
  status(user: UserKey): Promise<ConnectionStatus>;
  begin(user: UserKey, issuer: TrustedIssuer, input: BeginInput, requestId: string): Promise<{ authorizationUrl: string }>;
  /**
   * The callback's last step, once HealthEx exchanged the code: stores the tokens (sealed) and revokes
   * the ones they replace. If they cannot be stored, they are revoked at HealthEx and the error thrown.
   */
  storeAuthorization(user: UserKey, tokens: TokenSet, requestId: string): Promise<void>;
  confirm(user: UserKey, requestId: string): Promise<ConnectionStatus>;
  disconnect(user: UserKey, requestId: string): Promise<ConnectionStatus>;
}
