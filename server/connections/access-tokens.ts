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
import { GrantRefusedError, type HealthexClient } from '../oauth/healthex-client.js';
import type { ConnectionStore } from './connection-store.js';

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
  audit: AuditLog;
  log: Logger;
  refreshSkewSeconds: number;
  /** How long one refresh may hold the lease before others may take over. */
  leaseMs?: number;
}

const POLL_MS = 25;

export function createAccessTokens(options: AccessTokenOptions) {
  const { store, healthex, audit, log } = options;
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
      await store.markReauthRequired(user, document.version);
      await audit.record({ action: 'token.refresh', outcome: 'failure', user, reason: 'no_refresh_token' });
      throw new ReauthRequiredError('the access token expired and there is no refresh token');
    }
    try {
      const tokens = await healthex.refresh(refreshToken);
      // HealthEx rotates; if it ever sends none back, the old one stays the one to use.
      const next = tokens.refreshToken === null ? { ...tokens, refreshToken } : tokens;
      if (!(await store.storeRefreshed(user, document.version, leaseId, next))) {
        log.error({ user: userKeyString(user) }, 'refreshed tokens could not be stored: the lease was lost');
      }
      await audit.record({ action: 'token.refresh', outcome: 'success', user });
      return next.accessToken;
    } catch (error) {
      if (error instanceof GrantRefusedError) {
        await store.markReauthRequired(user, document.version);
        await audit.record({ action: 'token.refresh', outcome: 'failure', user, reason: error.oauthError });
        throw new ReauthRequiredError('HealthEx refused the refresh; the user must authorize again');
      }
      await store.releaseRefreshLease(user, leaseId);
      await audit.record({ action: 'token.refresh', outcome: 'failure', user, reason: 'healthex_unavailable' });
      throw error;
    }
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
