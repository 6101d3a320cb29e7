/**
 * HealthEx may stop accepting an access token before its `expires_in` (the patient revoked access
 * at HealthEx, or HealthEx rotated keys). When a records call is refused with 401, the stored token
 * is marked expired so that the next `getAccessToken` refreshes it through the usual lease — which
 * either yields a working token or, when HealthEx refuses the refresh, moves the user to
 * `reauth_required`. Only the exact token that was refused is marked, and only if nobody replaced
 * it meanwhile (compare-and-set on `version`), so a concurrent refresh is never undone.
 */
import type { Collection } from 'mongodb';
import type { ConnectionStore } from '../connections/connection-store.js';
import { userFilter } from '../connections/connection-store.js';
import type { ConnectionDocument } from '../db/collections.js';
import type { UserKey } from '../identity/user-key.js';

export function createStaleAccessTokens(collection: Collection<ConnectionDocument>, store: ConnectionStore) {
  return {
    /** Returns true when the refused token was still the stored one and is now marked expired. */
    async markRefused(user: UserKey, refusedToken: string): Promise<boolean> {
      const document = await store.find(user);
      if (document === null || store.openAccessToken(user, document) !== refusedToken) return false;
      const result = await collection.updateOne(
        { ...userFilter(user), version: document.version },
        // Not a token change, so `version` stays: the refresh that follows bumps it.
        { $set: { accessTokenExpiresAt: new Date(0), updatedAt: new Date() } },
      );
      return result.modifiedCount === 1;
    },
  };
}

export type StaleAccessTokens = ReturnType<typeof createStaleAccessTokens>;
