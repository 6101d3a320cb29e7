/**
 * The connection life cycle (DESIGN.md section 2): begin → (HealthEx) → completeAuthorization →
 * authorized → confirm → connected → disconnect → not_connected. Every step leaves an audit event.
 */
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';
import type { ConnectionDocument } from '../db/collections.js';
import { ConnectError } from '../errors.js';
import type { TrustedIssuer } from '../identity/trusted-issuers.js';
import { userKeyString, type UserKey } from '../identity/user-key.js';
import type { HealthexClient, TokenSet } from '../oauth/healthex-client.js';
import type { BeginInput, ConnectionService } from './connection-service.js';
import { statusOf, type ConnectionStore } from './connection-store.js';
import type { PendingAuthorizations } from './pending-authorizations.js';

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

  /** Best effort: tokens we no longer keep should stop working at HealthEx too (RFC 7009). */
  async function revokeTokensOf(user: UserKey, document: ConnectionDocument | null, requestId?: string): Promise<boolean> {
    if (document === null) return true;
    const tokens: Array<[() => string | null, 'refresh_token' | 'access_token']> = [
      [() => store.openRefreshToken(user, document), 'refresh_token'],
      [() => store.openAccessToken(user, document), 'access_token'],
    ];
    let failure: 'healthex_unavailable' | 'sealed_value_rejected' | undefined;
    for (const [openToken, hint] of tokens) {
      // Each token on its own: one that fails its integrity check (tampered) must not stop the other
      // from being revoked, nor fail a disconnect whose erasure already happened.
      let token: string | null;
      try {
        token = openToken();
      } catch (error) {
        failure = 'sealed_value_rejected';
        log.error({ err: error, user: userKeyString(user), hint }, 'a stored token failed its integrity check; it cannot be revoked');
        continue;
      }
      if (token === null) continue;
      try {
        await healthex.revoke(token, hint);
      } catch (error) {
        failure ??= 'healthex_unavailable';
        log.warn({ err: error, user: userKeyString(user), hint }, 'token revocation at HealthEx failed');
      }
    }
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
      const { state, codeChallenge } = await pending.create({ user, returnUrl, mode: input.mode });
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

    /** Called by the callback once the code was exchanged: stores the tokens, revokes any old ones. */
    async completeAuthorization(user: UserKey, tokens: TokenSet, requestId: string) {
      const previous = await store.storeAuthorization(user, tokens);
      await audit.record({ action: 'authorization.callback', outcome: 'success', user, requestId });
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
  } satisfies ConnectionService & Record<string, unknown>;

  return service;
}

export type ConnectionServiceImpl = ReturnType<typeof createConnectionService>;
