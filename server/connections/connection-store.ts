/**
 * The `connections` collection: one document per user who has tokens (or had, when reauth is
 * required). Token values are sealed with the user as owner; every token change bumps `version` so
 * writers can compare-and-set.
 */
import type { Collection, Filter } from 'mongodb';
import type { KeyRing, SealPurpose } from '../crypto/key-ring.js';
import type { ConnectionDocument } from '../db/collections.js';
import { isDuplicateKeyError } from '../db/duplicate-key.js';
import { userKeyString, type UserKey } from '../identity/user-key.js';
import type { TokenSet } from '../oauth/healthex-client.js';
import { NOT_CONNECTED, type ConnectionStatus } from './connection-status.js';

/** Users who confirmed before: connected, or sent to reauth_required after being connected. */
const CONFIRMED_STATES: Filter<ConnectionDocument>[] = [{ state: 'connected' }, { state: 'reauth_required', connectedAt: { $ne: null } }];
const HAD_CONFIRMED: Filter<ConnectionDocument> = { $or: CONFIRMED_STATES };
const NEVER_CONFIRMED: Filter<ConnectionDocument> = { $nor: CONFIRMED_STATES };
const STORE_ATTEMPTS = 3;

export function userFilter(user: UserKey) {
  return { userIss: user.iss, userSub: user.sub };
}

export function tokenContext(user: UserKey, purpose: SealPurpose) {
  return { purpose, owner: userKeyString(user) };
}

export function statusOf(document: ConnectionDocument | null): ConnectionStatus {
  if (document === null) return NOT_CONNECTED;
  return {
    state: document.state,
    scope: document.state === 'reauth_required' ? [] : document.scope,
    authorizedAt: document.authorizedAt.toISOString(),
    connectedAt: document.state === 'connected' && document.connectedAt ? document.connectedAt.toISOString() : null,
  };
}

export function createConnectionStore(collection: Collection<ConnectionDocument>, keyRing: KeyRing) {
  function sealTokens(user: UserKey, tokens: TokenSet) {
    return {
      sealedAccessToken: keyRing.seal(tokens.accessToken, tokenContext(user, 'access_token')),
      sealedRefreshToken: tokens.refreshToken === null ? null : keyRing.seal(tokens.refreshToken, tokenContext(user, 'refresh_token')),
      accessTokenExpiresAt: tokens.expiresAt,
    };
  }

  return {
    find(user: UserKey): Promise<ConnectionDocument | null> {
      return collection.findOne(userFilter(user));
    },

    /**
     * Stores a fresh authorization and returns the previous document (its tokens are to be revoked).
     * A user coming back from reauth_required after having confirmed goes straight back to connected;
     * anyone else confirms again.
     *
     * One conditional write per case instead of read-then-write, so a concurrent confirm or disconnect
     * can never be overwritten with a decision taken on a stale read — and the usual case (a user not
     * connected before) is one round trip. The upsert relies on the unique {userIss, userSub} index
     * (ensureIndexes): when the user had confirmed, the filter misses the existing document, the
     * upsert's insert is refused as a duplicate key, and the second write takes over.
     */
    async storeAuthorization(user: UserKey, tokens: TokenSet): Promise<ConnectionDocument | null> {
      const now = new Date();
      const fresh = { ...sealTokens(user, tokens), scope: tokens.scope, authorizedAt: now, updatedAt: now, refreshLease: null };
      for (let attempt = 0; attempt < STORE_ATTEMPTS; attempt += 1) {
        try {
          return await collection.findOneAndUpdate(
            { ...userFilter(user), ...NEVER_CONFIRMED },
            { $set: { ...fresh, state: 'authorized', connectedAt: null }, $inc: { version: 1 } },
            { upsert: true, returnDocument: 'before' },
          );
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
        const previous = await collection.findOneAndUpdate(
          { ...userFilter(user), ...HAD_CONFIRMED },
          { $set: { ...fresh, state: 'connected' }, $inc: { version: 1 } }, // connectedAt stays: the user's own date
          { returnDocument: 'before' },
        );
        if (previous !== null) return previous;
        // Neither matched: the document changed between the two writes (a disconnect): try again.
      }
      throw new Error('the connection kept changing while the new authorization was stored');
    },

    /** authorized → connected. Returns null when there is nothing to confirm. */
    async confirm(user: UserKey): Promise<ConnectionDocument | null> {
      const now = new Date();
      const updated = await collection.findOneAndUpdate(
        { ...userFilter(user), state: 'authorized' },
        { $set: { state: 'connected', connectedAt: now, updatedAt: now } },
        { returnDocument: 'after' },
      );
      if (updated) return updated;
      const current = await collection.findOne(userFilter(user));
      return current?.state === 'connected' ? current : null; // confirming twice is harmless
    },

    /**
     * Removes exactly this version of the document (and so its tokens); false when it changed
     * meanwhile (a refresh stored new tokens), so the caller revokes the newer ones too.
     */
    async eraseIfUnchanged(document: ConnectionDocument): Promise<boolean> {
      const result = await collection.deleteOne({ _id: document._id!, version: document.version });
      return result.deletedCount === 1;
    },

    /** Replaces the tokens after a refresh, if nobody changed them meanwhile. */
    async storeRefreshed(user: UserKey, expectedVersion: number, leaseId: string, tokens: TokenSet): Promise<boolean> {
      const result = await collection.updateOne(
        { ...userFilter(user), version: expectedVersion, 'refreshLease.id': leaseId },
        { $set: { ...sealTokens(user, tokens), scope: tokens.scope, updatedAt: new Date(), refreshLease: null }, $inc: { version: 1 } },
      );
      return result.modifiedCount === 1;
    },

    /**
     * HealthEx refused the grant: erase the tokens and ask the user to reconnect. True when this call
     * erased them (the caller then revokes them); false when the document had changed meanwhile.
     */
    async markReauthRequired(user: UserKey, expectedVersion: number): Promise<boolean> {
      const result = await collection.updateOne(
        { ...userFilter(user), version: expectedVersion },
        {
          $set: { state: 'reauth_required', sealedAccessToken: null, sealedRefreshToken: null, accessTokenExpiresAt: null, updatedAt: new Date(), refreshLease: null },
          $inc: { version: 1 },
        },
      );
      return result.modifiedCount === 1;
    },

    /**
     * HealthEx refused an access token before its expiry (revoked there, keys rotated): mark exactly
     * that token expired so the next getAccessToken refreshes it through the lease — which yields a
     * working token or reauth_required. Compare-and-set on `version`, so a concurrent refresh is never
     * undone; `version` itself stays, since the refresh that follows bumps it.
     */
    async markAccessTokenRefused(user: UserKey, refusedToken: string): Promise<boolean> {
      const document = await collection.findOne(userFilter(user));
      if (document === null || document.sealedAccessToken === null) return false;
      if (keyRing.open(document.sealedAccessToken, tokenContext(user, 'access_token')) !== refusedToken) return false;
      const result = await collection.updateOne(
        { ...userFilter(user), version: document.version },
        { $set: { accessTokenExpiresAt: new Date(0), updatedAt: new Date() } },
      );
      return result.modifiedCount === 1;
    },

    /** Takes the refresh lease if it is free (or expired) and the version is unchanged. */
    async takeRefreshLease(user: UserKey, expectedVersion: number, leaseId: string, leaseMs: number): Promise<boolean> {
      const now = new Date();
      const result = await collection.updateOne(
        { ...userFilter(user), version: expectedVersion, $or: [{ refreshLease: null }, { 'refreshLease.until': { $lt: now } }] },
        { $set: { refreshLease: { id: leaseId, until: new Date(now.getTime() + leaseMs) } } },
      );
      return result.modifiedCount === 1;
    },

    async releaseRefreshLease(user: UserKey, leaseId: string): Promise<void> {
      await collection.updateOne({ ...userFilter(user), 'refreshLease.id': leaseId }, { $set: { refreshLease: null } });
    },

    openAccessToken(user: UserKey, document: ConnectionDocument): string | null {
      return document.sealedAccessToken === null ? null : keyRing.open(document.sealedAccessToken, tokenContext(user, 'access_token'));
    },

    openRefreshToken(user: UserKey, document: ConnectionDocument): string | null {
      return document.sealedRefreshToken === null ? null : keyRing.open(document.sealedRefreshToken, tokenContext(user, 'refresh_token'));
    },
  };
}

export type ConnectionStore = ReturnType<typeof createConnectionStore>;
