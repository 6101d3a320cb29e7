/**
 * The start-up check that every stored sealed value can be opened with the configured key ring.
 * A ring that lacks a key still in use (a documented misstep: retiring a key before re-encrypting)
 * would otherwise start, report users connected, and fail each of their requests. The service
 * refuses to start instead, naming the missing key ids and the fix; nothing is changed.
 *
 * Read: tokens in `connections`, PKCE verifiers of pending authorizations still usable, and tokens
 * waiting in the revocation outbox. One pass over each (the values name their key id in clear text;
 * nothing is decrypted).
 */
import type { Collections } from '../db/collections.js';
import { keyIdOf, type KeyRing } from './key-ring.js';

/** Stored values by the key id they name, for key ids the ring does not hold. */
export async function keyIdsMissingFromRing(collections: Collections, keyRing: KeyRing): Promise<Map<string, number>> {
  const missing = new Map<string, number>();
  const note = (sealed: string | null | undefined) => {
    if (typeof sealed !== 'string') return;
    const kid = keyIdOf(sealed);
    if (!keyRing.hasKey(kid)) missing.set(kid, (missing.get(kid) ?? 0) + 1);
  };
  for await (const document of collections.connections.find({})) {
    note(document.sealedAccessToken);
    note(document.sealedRefreshToken);
  }
  // The embedded engine ignores projections and may keep expired documents: filter in code too.
  const now = Date.now();
  for await (const document of collections.pendingAuthorizations.find({ consumedAt: null, expiresAt: { $gt: new Date(now) } })) {
    if (document.consumedAt === null && document.expiresAt.getTime() > now) note(document.sealedVerifier);
  }
  for await (const job of collections.revocationJobs.find({})) for (const token of job.tokens) note(token.sealed);
  return missing;
}

export class MissingKeysError extends Error {
  override readonly name = 'MissingKeysError';
  constructor(readonly missing: ReadonlyMap<string, number>) {
    const list = [...missing].map(([kid, count]) => `"${kid}" (${count} value${count === 1 ? '' : 's'})`).join(', ');
    super(
      `Refusing to start: stored data is sealed with key id${missing.size === 1 ? '' : 's'} ${list} that TOKEN_ENCRYPTION_KEYS lacks. ` +
        'Fix: put the missing key(s) back into TOKEN_ENCRYPTION_KEYS (they may stay decrypt-only: keep TOKEN_ENCRYPTION_ACTIVE_KEY), ' +
        'start the service, run the re-encryption (node server/dist/cli/rotate-keys.js; dev: npm run keys:reencrypt) until --check reports nothing left, ' +
        'and only then remove them (README "Rotating the encryption key"). A key that is truly lost cannot be recovered: those users must connect again.',
    );
  }
}

/** Throws MissingKeysError when any stored value names a key id the ring lacks. */
export async function checkStoredKeys(collections: Collections, keyRing: KeyRing): Promise<void> {
  const missing = await keyIdsMissingFromRing(collections, keyRing);
  if (missing.size > 0) throw new MissingKeysError(missing);
}
