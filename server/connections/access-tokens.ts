/**
 * `getAccessToken(user)`: a HealthEx access token that is valid now, refreshing shortly before
 * expiry. HealthEx rotates refresh tokens and may revoke the whole grant when an old one is reused,
 * so two refreshes for one user must never run at once — not in this process (callers share one
 * promise) and not across processes (a lease on the connection document; the others wait for the
 * version to move and read the new token).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';
import type { ConnectionDocument } from '../db/collections.js';
import { ConnectError } from '../errors.js';
import { userKeyString, type UserKey } from '../identity/user-key.js';
import { GrantRefusedError, HealthexUnavailableError, type HealthexClient, type TokenSet } from '../oauth/healthex-client.js';
import type { ConnectionStore } from './connection-store.js';
import type { RevokeLater } from './revoke-later.js';

/** The user must authorize again at HealthEx (state `reauth_required`). */
export class ReauthRequiredError extends Error {
  override readonly name = 'ReauthRequiredError';
}

/** The user has no usable connection (not_connected, or only `connected` callers allowed). */
export class NotConnectedError extends Error {
  override readonly name = 'NotConnectedError';
}

export interface AccessTokenOptions {
  store: ConnectionStore;
  healthex: HealthexClient;
  /** The revocation outbox: tokens we stop keeping are revoked through it. */
  revokeLater: RevokeLater;
  audit: AuditLog;
  log: Logger;
  refreshSkewSeconds: number;
  /** How long one refresh may hold the lease before others may take over. */
  leaseMs?: number;
}

const POLL_MS = 25;

export function createAccessTokens(options: AccessTokenOptions) {
  const { store, healthex, revokeLater, audit, log } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const inFlight = new Map<string, Promise<string>>();

  function isFresh(document: ConnectionDocument): boolean {
    if (document.sealedAccessToken === null) return false;
    if (document.accessTokenExpiresAt === null) return true;
    return document.accessTokenExpiresAt.getTime() - options.refreshSkewSeconds * 1000 > Date.now();
  }

  async function current(user: UserKey): Promise<ConnectionDocument> {
    const document = await store.find(user);
    if (document === null) throw new NotConnectedError('the user has not connected HealthEx');
    if (document.state === 'reauth_required') throw new ReauthRequiredError('the user must authorize HealthEx again');
    return document;
  }

  async function refreshOnce(user: UserKey): Promise<string> {
    const deadline = Date.now() + leaseMs * 2;
    while (Date.now() < deadline) {
      const document = await current(user);
      if (isFresh(document)) return store.openAccessToken(user, document)!;

      const leaseId = randomUUID();
      if (await store.takeRefreshLease(user, document.version, leaseId, leaseMs)) {
        return refreshWithLease(user, document, leaseId);
      }
      // Another process is refreshing: wait for the version to move, then read its result.
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    throw new ConnectError('HEALTHEX_UNAVAILABLE', 'Refreshing the HealthEx token took too long. Please try again.');
  }

  async function refreshWithLease(user: UserKey, document: ConnectionDocument, leaseId: string): Promise<string> {
    const refreshToken = store.openRefreshToken(user, document);
    if (refreshToken === null) {
      if (await store.markReauthRequired(user, document.version)) await (await revokeLater.connection(user, 'reauth_required', document))();
      await audit.record({ action: 'token.refresh', outcome: 'failure', user, reason: 'no_refresh_token' });
      throw new ReauthRequiredError('the access token expired and there is no refresh token');
    }
    let tokens: TokenSet;
    try {
      tokens = await healthex.refresh(refreshToken);
    } catch (error) {
      // Only invalid_grant says the grant is gone (RFC 6749 §5.2; HealthEx: expired, revoked or
      // reused). Anything else — an outage, or an error that is about us, not the grant — keeps it.
      if (error instanceof GrantRefusedError && error.oauthError === 'invalid_grant') {
        if (await store.markReauthRequired(user, document.version)) await (await revokeLater.connection(user, 'reauth_required', document))();
        await audit.record({ action: 'token.refresh', outcome: 'failure', user, reason: error.oauthError });
        throw new ReauthRequiredError('HealthEx refused the refresh; the user must authorize again');
      }
      await store.releaseRefreshLease(user, leaseId);
      await audit.record({ action: 'token.refresh', outcome: 'failure', user, reason: 'healthex_unavailable' });
      throw error instanceof GrantRefusedError ? new HealthexUnavailableError(`HealthEx refused the refresh (${error.oauthError}); the grant is kept`) : error;
    }
    // HealthEx rotates; if it ever sends none back, the old one stays the one to use.
    const next = tokens.refreshToken === null ? { ...tokens, refreshToken } : tokens;
    if (await store.storeRefreshed(user, document.version, leaseId, next)) {
      await audit.record({ action: 'token.refresh', outcome: 'success', user });
      return next.accessToken;
    }
    // The connection changed meanwhile (a disconnect, a new authorization): these tokens are kept
    // nowhere, so they are revoked, and the caller gets whatever the connection is now.
    log.error({ user: userKeyString(user) }, 'refreshed tokens could not be stored: the lease was lost');
    const rotated = next.refreshToken !== refreshToken ? [{ hint: 'refresh_token' as const, token: next.refreshToken!, expiresAt: null }] : [];
    await (await revokeLater.tokens(user, 'refresh_not_stored', [{ hint: 'access_token', token: next.accessToken, expiresAt: next.expiresAt }, ...rotated]))();
    await audit.record({ action: 'token.refresh', outcome: 'failure', user, reason: 'connection_changed' });
    const now = await current(user);
    if (isFresh(now)) return store.openAccessToken(user, now)!;
    throw new ConnectError('HEALTHEX_UNAVAILABLE', 'The connection changed while its token was refreshed. Please try again.');
  }

  return {
    async getAccessToken(user: UserKey): Promise<string> {
      const document = await current(user);
      if (isFresh(document)) return store.openAccessToken(user, document)!;
      const key = userKeyString(user);
      let refreshing = inFlight.get(key);
      if (!refreshing) {
        refreshing = refreshOnce(user).finally(() => inFlight.delete(key));
        inFlight.set(key, refreshing);
      }
      return refreshing;
    },
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
