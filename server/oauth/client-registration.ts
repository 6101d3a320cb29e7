/**
 * Dynamic client registration (RFC 7591) done once per HealthEx issuer + redirect URI and kept in
 * MongoDB. When several processes start at once, the first to insert the claim registers; the
 * others wait for its client_id. A claim left by a process that died is taken over after a while.
 */
import type { Collection } from 'mongodb';
import type { OAuthClientDocument } from '../db/collections.js';
import { isDuplicateKeyError } from '../db/duplicate-key.js';

const CLAIM_TIMEOUT_MS = 30_000;
const POLL_MS = 100;

export async function registeredClientId(
  collection: Collection<OAuthClientDocument>,
  issuer: string,
  redirectUri: string,
  register: () => Promise<string>,
): Promise<string> {
  const _id = `${issuer} ${redirectUri}`;
  const deadline = Date.now() + CLAIM_TIMEOUT_MS * 2;
  while (Date.now() < deadline) {
    const existing = await collection.findOne({ _id });
    if (existing?.clientId) return existing.clientId;

    if (existing === null) {
      const claimed = await collection
        .insertOne({ _id, issuer, redirectUri, claimedAt: new Date() })
        .then(() => true)
        .catch((error: unknown) => {
          if (isDuplicateKeyError(error)) return false; // another process claimed it first
          throw error;
        });
      if (claimed) return finishRegistration(collection, _id, register);
    } else if (Date.now() - existing.claimedAt.getTime() > CLAIM_TIMEOUT_MS) {
      // The claimant died mid-registration: take the claim over, compare-and-set on its timestamp.
      const takenOver = await collection.updateOne(
        { _id, clientId: { $exists: false }, claimedAt: existing.claimedAt },
        { $set: { claimedAt: new Date() } },
      );
      if (takenOver.modifiedCount === 1) return finishRegistration(collection, _id, register);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error('timed out waiting for another process to register the HealthEx client');
}

async function finishRegistration(collection: Collection<OAuthClientDocument>, _id: string, register: () => Promise<string>): Promise<string> {
  try {
    const clientId = await register();
    await collection.updateOne({ _id }, { $set: { clientId, registeredAt: new Date() } });
    return clientId;
  } catch (error) {
    // Release the claim so the next attempt (this process or another) can try again at once.
    await collection.deleteOne({ _id, clientId: { $exists: false } }).catch(() => undefined);
    throw error;
  }
}
