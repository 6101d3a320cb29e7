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
import type { FirstAttempt, RevokeLater } from './revoke-later.js';
import { revokeTokens } from './revoke-tokens.js';

export interface ConnectionServiceOptions {
  store: ConnectionStore;
  pending: PendingAuthorizations;
  healthex: HealthexClient;
  /** The revocation outbox (revoke-later.ts): every token we erase is revoked through it. */
  revokeLater: RevokeLater;
  audit: AuditLog;
  log: Logger;
}

const ERASE_ATTEMPTS = 5;

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
  const { store, pending, healthex, revokeLater, audit, log } = options;

  /**
   * Erases the user's connection, each version of its tokens recorded in the outbox first: a refresh
   * that lands between the read and the delete leaves newer tokens, which are queued and erased too.
   */
  async function eraseConnection(user: UserKey, requestId: string): Promise<{ erased: boolean; firstAttempts: FirstAttempt[] }> {
    const firstAttempts: FirstAttempt[] = [];
    for (let attempt = 0; attempt < ERASE_ATTEMPTS; attempt += 1) {
      const current = await store.find(user);
      if (current === null) return { erased: firstAttempts.length > 0, firstAttempts };
      firstAttempts.push(await revokeLater.connection(user, 'disconnect', current, requestId));
      if (await store.eraseIfUnchanged(current)) return { erased: true, firstAttempts };
    }
    throw new Error('the connection kept changing while it was being erased');
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
      // The tokens this authorization replaced are ours no more: revoke them.
      if (previous !== null && (previous.sealedRefreshToken !== null || previous.sealedAccessToken !== null)) {
        await (await revokeLater.connection(user, 'replaced', previous, requestId))();
      }
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
      // Personalisation goes off and our usable copy of the tokens is erased at once, whatever HealthEx
      // does: the user asked us to stop. The outbox holds them, sealed, until HealthEx confirms.
      const { erased, firstAttempts } = await eraseConnection(user, requestId);
      await audit.record({ action: 'connection.disconnect', outcome: 'success', user, requestId, ...(erased ? {} : { reason: 'was_not_connected' }) });
      await Promise.all(firstAttempts.map((firstAttempt) => firstAttempt()));
      return statusOf(null);
    },
  } satisfies ConnectionService;

  return service;
}
