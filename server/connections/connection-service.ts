import { DISPLAY_MODES } from 'healthex-connect-contract';
import { z } from 'zod';
import type { AppErrorCode } from '../errors.js';
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
    mode: z.enum(DISPLAY_MODES),
    /** The widget's per-tab nonce (return-attempt.ts); `connection.attempt` later tells its outcome. */
    attempt: z.optional(attemptNonce()),
  })
  .strict();
export type BeginInput = z.infer<typeof beginInput>;

/** A random nonce made by the browser: base64url (UUIDs qualify), long enough not to be guessed. */
function attemptNonce() {
  return z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'The attempt must be 22 to 64 base64url characters.');
}

/** The input of `connection.attempt`. */
export const attemptInput = z.object({ attempt: attemptNonce() }).strict();

/**
 * How a begun authorization ended, as far as this user may know: null when the attempt is unknown,
 * not finished, another user's, or older than a pending authorization lives. Never anything secret.
 */
export interface AttemptOutcome {
  result: 'authorized' | 'denied' | 'error' | null;
  code?: AppErrorCode;
}

/** What the widget's procedures and the OAuth callback do; implemented by `createConnectionService`. */
export interface ConnectionService {
  status(user: UserKey): Promise<ConnectionStatus>;
  begin(user: UserKey, issuer: TrustedIssuer, input: BeginInput, requestId: string): Promise<{ authorizationUrl: string }>;
  /**
   * The callback's last step, once HealthEx exchanged the code: stores the tokens (sealed) and revokes
   * the ones they replace. If they cannot be stored, they are revoked at HealthEx and the error thrown.
   */
  storeAuthorization(user: UserKey, tokens: TokenSet, requestId: string): Promise<void>;
  /** The outcome of this user's authorization begun with `attempt` (see AttemptOutcome). */
  attempt(user: UserKey, attempt: string): Promise<AttemptOutcome>;
  confirm(user: UserKey, requestId: string): Promise<ConnectionStatus>;
  disconnect(user: UserKey, requestId: string): Promise<ConnectionStatus>;
}
