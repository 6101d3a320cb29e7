/**
 * Re-encryption for key rotation: every sealed value (tokens in `connections`, PKCE verifiers in
 * `pending_authorizations`) not sealed with the active key is opened and sealed again with it.
 *
 * Safe while the service runs: each write is a compare-and-set on the exact old ciphertexts and does
 * not bump the connection's `version`, so a refresh in flight (which holds a lease on that version)
 * still stores its result; if a refresh wrote first, its values are already under the active key.
 * Idempotent: run it again until it reports nothing left.
 */
import type { Logger } from 'pino';
import { keyIdOf as kidOf, type KeyRing } from '../crypto/key-ring.js';
import type { Collections, ConnectionDocument, PendingAuthorizationDocument } from '../db/collections.js';
import { userKeyString } from '../identity/user-key.js';

export interface CollectionReport {
  scanned: number;
  reencrypted: number;
  /** Values that could not be opened (key missing from the ring, or tampered): left as they are. */
  failed: number;
}

export interface ReencryptReport {
  connections: CollectionReport;
  pendingAuthorizations: CollectionReport;
  /** Values still sealed with a key other than the active one, by key id, counted after the pass. */
  remaining: Record<string, number>;
}

const MAX_ATTEMPTS = 5;

function connectionOwner(document: Pick<ConnectionDocument, 'userIss' | 'userSub'>): string {
  return userKeyString({ iss: document.userIss, sub: document.userSub });
}

function verifierOwner(document: Pick<PendingAuthorizationDocument, '_id' | 'userIss' | 'userSub'>): string {
  return `${userKeyString({ iss: document.userIss, sub: document.userSub })} ${document._id}`;
}

/** Counts values sealed with keys other than the active one, by key id. Reads only. */
export async function countStale(collections: Collections, keyRing: KeyRing): Promise<Record<string, number>> {
  const remaining: Record<string, number> = {};
  const note = (sealed: string | null) => {
    if (sealed !== null && keyRing.isStale(sealed)) remaining[kidOf(sealed)] = (remaining[kidOf(sealed)] ?? 0) + 1;
  };
  for await (const document of collections.connections.find({})) {
    note(document.sealedAccessToken);
    note(document.sealedRefreshToken);
  }
  for await (const document of collections.pendingAuthorizations.find({})) note(document.sealedVerifier);
  return remaining;
}

export async function reencryptAll(options: { collections: Collections; keyRing: KeyRing; log: Logger }): Promise<ReencryptReport> {
  const { collections, keyRing, log } = options;
  const reseal = (sealed: string | null, purpose: 'access_token' | 'refresh_token' | 'pkce_verifier', owner: string) =>
    sealed === null || !keyRing.isStale(sealed) ? sealed : keyRing.seal(keyRing.open(sealed, { purpose, owner }), { purpose, owner });

  const connections: CollectionReport = { scanned: 0, reencrypted: 0, failed: 0 };
  for await (const first of collections.connections.find({})) {
    connections.scanned += 1;
    let document: ConnectionDocument | null = first;
    for (let attempt = 0; document !== null && attempt < MAX_ATTEMPTS; attempt += 1) {
      const { sealedAccessToken, sealedRefreshToken } = document;
      if (!(sealedAccessToken !== null && keyRing.isStale(sealedAccessToken)) && !(sealedRefreshToken !== null && keyRing.isStale(sealedRefreshToken))) break;
      let update: Pick<ConnectionDocument, 'sealedAccessToken' | 'sealedRefreshToken'>;
      try {
        const owner = connectionOwner(document);
        update = { sealedAccessToken: reseal(sealedAccessToken, 'access_token', owner), sealedRefreshToken: reseal(sealedRefreshToken, 'refresh_token', owner) };
      } catch (error) {
        connections.failed += 1;
        log.error({ err: error, connection: String(document._id) }, 'a stored token could not be opened; left as it is');
        break;
      }
      const result = await collections.connections.updateOne({ _id: document._id!, sealedAccessToken, sealedRefreshToken }, { $set: update });
      if (result.modifiedCount === 1) {
        connections.reencrypted += 1;
        break;
      }
      document = await collections.connections.findOne({ _id: document._id! }); // changed meanwhile: look again
    }
  }

  const pendingAuthorizations: CollectionReport = { scanned: 0, reencrypted: 0, failed: 0 };
  for await (const document of collections.pendingAuthorizations.find({})) {
    pendingAuthorizations.scanned += 1;
    if (!keyRing.isStale(document.sealedVerifier)) continue;
    try {
      const sealedVerifier = reseal(document.sealedVerifier, 'pkce_verifier', verifierOwner(document))!;
      const result = await collections.pendingAuthorizations.updateOne({ _id: document._id, sealedVerifier: document.sealedVerifier }, { $set: { sealedVerifier } });
      pendingAuthorizations.reencrypted += result.modifiedCount;
    } catch (error) {
      pendingAuthorizations.failed += 1;
      log.error({ err: error, pendingAuthorization: document._id }, 'a stored PKCE verifier could not be opened; left as it is');
    }
  }

  return { connections, pendingAuthorizations, remaining: await countStale(collections, keyRing) };
}
