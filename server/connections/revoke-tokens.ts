/**
 * The one way we revoke tokens at HealthEx (RFC 7009), best effort: tokens we no longer keep, or
 * never managed to keep, should stop working there too. Each token on its own: one that cannot be
 * opened (a sealed value failing its integrity check) or revoked must not stop the other.
 */
import type { Logger } from 'pino';
import type { HealthexClient } from '../oauth/healthex-client.js';

export type TokenHint = 'refresh_token' | 'access_token';

/** A token to revoke; `open` may throw (a stored token that fails its integrity check). */
export interface RevocableToken {
  hint: TokenHint;
  open: () => string | null;
}

export type RevocationFailure = 'healthex_unavailable' | 'sealed_value_rejected';

/** Revokes each token that opens; returns the first kind of failure, if any (for the audit event). */
export async function revokeTokens(
  healthex: Pick<HealthexClient, 'revoke'>,
  tokens: RevocableToken[],
  log: Logger,
  logFields: Record<string, unknown> = {},
): Promise<RevocationFailure | undefined> {
  let failure: RevocationFailure | undefined;
  for (const { hint, open } of tokens) {
    let token: string | null;
    try {
      token = open();
    } catch (error) {
      failure = 'sealed_value_rejected';
      log.error({ err: error, ...logFields, hint }, 'a stored token failed its integrity check; it cannot be revoked');
      continue;
    }
    if (token === null) continue;
    try {
      await healthex.revoke(token, hint);
    } catch (error) {
      failure ??= 'healthex_unavailable';
      log.warn({ err: error, ...logFields, hint }, 'token revocation at HealthEx failed');
    }
  }
  return failure;
}
