/**
 * The connection life cycle (docs/architecture.md section 2): begin → (HealthEx) → completeAuthorization →
 * authorized → confirm → connected → disconnect → not_connected. Every step leaves an audit event.
 */
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';
import type { ConnectionDocument } from '../db/collections.js';
import { ConnectError, isAppErrorCode } from '../errors.js';
import type { TrustedIssuer } from '../identity/trusted-issuers.js';
import { userKeyString, type UserKey } from '../identity/user-key.js';
import type { HealthexClient, TokenSet } from '../oauth/healthex-client.js';
import type { AttemptOutcome, BeginInput, ConnectionService } from './connection-service.js';
import { statusOf, type ConnectionStore } from './connection-store.js';
import type { PendingAuthorizations } from './pending-authorizations.js';
import { revokeTokens } from './revoke-tokens.js';

export interface ConnectionServiceOptions {
  store: ConnectionStore;
  pending: PendingAuthorizations;
  healthex: HealthexClient;
  audit: AuditLog;
  log: Logger;
}

/** The return URL must be an http(s) URL on one of the issuer's allowed page origins. */
export function checkReturnUrl(returnUrl: string, issuer: TrustedIssuer): string {
  let url: URL;
  try {
    url = new URL(returnUrl);
  } catch {
    throw new ConnectError('INVALID_RETURN_URL', 'The return URL is not a valid URL.');
  }
  if (!['http:', 'https:'].includes(url.protocol) || !issuer.allowedOrigins.includes(url.origin) || url.username || url.password) {
    throw new ConnectError('INVALID_RETURN_URL', 'The return URL is not on a page origin allowed for this site.');
  }
  return url.href;
}

export function createConnectionService(options: ConnectionServiceOptions) {
  const { store, pending, healthex, audit, log } = options;

  /** Revokes a stored connection's tokens at HealthEx (revoke-tokens.ts), and records that it did. */
  async function revokeTokensOf(user: UserKey, document: ConnectionDocument | null, requestId?: string): Promise<boolean> {
    if (document === null) return true;
    const failure = await revokeTokens(
      healthex,
      [
        { hint: 'refresh_token', open: () => store.openRefreshToken(user, document) },
        { hint: 'access_token', open: () => store.openAccessToken(user, document) },
      ],
      log,
      { user: userKeyString(user) },
    );
    await audit.record({ action: 'token.revoke', outcome: failure ? 'failure' : 'success', user, requestId, ...(failure ? { reason: failure } : {}) });
    return failure === undefined;
  }

  const service = {
    async status(user: UserKey) {
      return statusOf(await store.find(user));
    },

    async begin(user: UserKey, issuer: TrustedIssuer, input: BeginInput, requestId: string) {
      let returnUrl: string;
      try {
        returnUrl = checkReturnUrl(input.returnUrl, issuer);
      } catch (error) {
        await audit.record({ action: 'authorization.begin', outcome: 'denied', user, requestId, reason: 'return_url_not_allowed' });
        throw error;
      }
      const { state, codeChallenge } = await pending.create({ user, returnUrl, mode: input.mode, attempt: input.attempt });
      let authorizationUrl: URL;
      try {
        authorizationUrl = await healthex.authorizationUrl({ state, codeChallenge });
      } catch (error) {
        await audit.record({ action: 'authorization.begin', outcome: 'failure', user, requestId, reason: 'healthex_unavailable' });
        log.warn({ err: error }, 'could not prepare the HealthEx authorization');
        throw new ConnectError('HEALTHEX_UNAVAILABLE', 'HealthEx cannot be reached right now. Please try again in a moment.');
      }
      await audit.record({ action: 'authorization.begin', outcome: 'success', user, requestId });
      return { authorizationUrl: authorizationUrl.href };
    },

    async attempt(user: UserKey, attempt: string): Promise<AttemptOutcome> {
      const outcome = await pending.outcomeOf(user, attempt);
      if (outcome === null) return { result: null };
      if (outcome.result !== 'error') return { result: outcome.result };
      // Only a stable code leaves the service; anything else recorded reads as INTERNAL.
      return { result: 'error', code: isAppErrorCode(outcome.code) ? outcome.code : 'INTERNAL' };
    },

    async storeAuthorization(user: UserKey, tokens: TokenSet, requestId: string) {
      let previous: ConnectionDocument | null;
      try {
        previous = await store.storeAuthorization(user, tokens);
        await audit.record({ action: 'authorization.callback', outcome: 'success', user, requestId });
      } catch (error) {
        // Tokens HealthEx issued but we could not store (the database went away) are kept nowhere:
        // make them useless at HealthEx too, so no live grant is left behind. The user starts again.
        await revokeTokens(
          healthex,
          [
            { hint: 'refresh_token', open: () => tokens.refreshToken },
            { hint: 'access_token', open: () => tokens.accessToken },
          ],
          log,
        );
        throw error;
      }
      if (previous !== null && previous.sealedRefreshToken !== null) await revokeTokensOf(user, previous, requestId);
    },

    async confirm(user: UserKey, requestId: string) {
      const confirmed = await store.confirm(user);
      if (confirmed === null) {
        await audit.record({ action: 'connection.confirm', outcome: 'denied', user, requestId, reason: 'not_authorized' });
        throw new ConnectError('NOT_AUTHORIZED_YET', 'Authorize HealthEx access (step 3) before marking your records as connected.');
      }
      await audit.record({ action: 'connection.confirm', outcome: 'success', user, requestId });
      return statusOf(confirmed);
    },

    async disconnect(user: UserKey, requestId: string) {
      // Personalisation goes off and our copy of the tokens is erased first, whatever HealthEx says:
      // the user asked us to stop. Revocation follows with the erased copy still in memory.
      const erased = await store.erase(user);
      await audit.record({ action: 'connection.disconnect', outcome: 'success', user, requestId, ...(erased ? {} : { reason: 'was_not_connected' }) });
      await revokeTokensOf(user, erased, requestId);
      return statusOf(null);
    },
  } satisfies ConnectionService;

  return service;
}
