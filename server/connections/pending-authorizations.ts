/**
 * Pending authorizations: `state` → the user, PKCE verifier (sealed), return URL and display mode of
 * a begun authorization. Only a hash of `state` is stored. Consuming is atomic and single-use: of
 * two callbacks with one state, exactly one gets the pending authorization.
 */
import { createHash } from 'node:crypto';
import * as oauth from 'openid-client';
import type { Collection } from 'mongodb';
import type { DisplayMode } from 'healthex-connect-contract';
import type { KeyRing } from '../crypto/key-ring.js';
import type { PendingAuthorizationDocument } from '../db/collections.js';
import { createGroupedInsert } from '../db/grouped-insert.js';
import { userKeyString, type UserKey } from '../identity/user-key.js';

export interface PendingAuthorization {
  /** The stored document's id (the hash of state), to record the outcome on. */
  id: string;
  user: UserKey;
  verifier: string;
  returnUrl: string;
  mode: DisplayMode;
}

export type ConsumeResult =
  | { ok: true; pending: PendingAuthorization }
  | { ok: false; reason: 'state_unknown' | 'state_expired' | 'state_replayed' };

function stateId(state: string): string {
  return createHash('sha256').update(state).digest('base64url');
}

/** The stored form of an attempt nonce: hashed, and bound to the user (another user's hash differs). */
function attemptHash(user: UserKey, attempt: string): string {
  return createHash('sha256').update(`${userKeyString(user)}\n${attempt}`).digest('base64url');
}

export type AuthorizationOutcome = NonNullable<PendingAuthorizationDocument['outcome']>;

function verifierContext(user: UserKey, id: string) {
  // Bound to the user and to this very authorization, so a verifier cannot be replayed elsewhere.
  return { purpose: 'pkce_verifier' as const, owner: `${userKeyString(user)} ${id}` };
}

export function createPendingAuthorizations(collection: Collection<PendingAuthorizationDocument>, keyRing: KeyRing, ttlSeconds: number) {
  // A crowd of begins stores its pending authorizations in one insertMany per group, not one insert each.
  const insert = createGroupedInsert(collection);
  return {
    /** Creates state + PKCE verifier and stores them; returns what the authorization URL needs. */
    async create(input: { user: UserKey; returnUrl: string; mode: DisplayMode; attempt?: string | undefined }): Promise<{ state: string; codeChallenge: string }> {
      const state = oauth.randomState();
      const verifier = oauth.randomPKCECodeVerifier();
      const _id = stateId(state);
      const now = new Date();
      await insert({
        _id,
        userIss: input.user.iss,
        userSub: input.user.sub,
        sealedVerifier: keyRing.seal(verifier, verifierContext(input.user, _id)),
        returnUrl: input.returnUrl,
        mode: input.mode,
        createdAt: now,
        expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
        consumedAt: null,
        ...(input.attempt === undefined ? {} : { attemptHash: attemptHash(input.user, input.attempt) }),
      });
      return { state, codeChallenge: await oauth.calculatePKCECodeChallenge(verifier) };
    },

    async consume(state: string): Promise<ConsumeResult> {
      const _id = stateId(state);
      const now = new Date();
      const document = await collection.findOneAndUpdate(
        { _id, consumedAt: null, expiresAt: { $gt: now } },
        { $set: { consumedAt: now } },
        { returnDocument: 'before' },
      );
      if (document === null) {
        const existing = await collection.findOne({ _id });
        if (existing === null) return { ok: false, reason: 'state_unknown' };
        return { ok: false, reason: existing.consumedAt !== null ? 'state_replayed' : 'state_expired' };
      }
      const user = { iss: document.userIss, sub: document.userSub };
      return {
        ok: true,
        pending: { id: _id, user, verifier: keyRing.open(document.sealedVerifier, verifierContext(user, _id)), returnUrl: document.returnUrl, mode: document.mode },
      };
    },

    /**
     * HealthEx failed transiently (5xx, timeout) while exchanging the code, which it therefore still
     * holds unused: the consumed authorization becomes usable once more — the same callback, once —
     * for at most `windowMs` (the code's lifetime). False when it was already retried, or changed.
     */
    async allowOneRetry(id: string, windowMs: number): Promise<boolean> {
      const document = await collection.findOne({ _id: id });
      if (document === null || document.consumedAt === null || document.retriedAt !== undefined) return false;
      const now = Date.now();
      const result = await collection.updateOne(
        { _id: id, consumedAt: document.consumedAt, retriedAt: { $exists: false } },
        { $set: { consumedAt: null, retriedAt: new Date(now), expiresAt: new Date(Math.min(document.expiresAt.getTime(), now + windowMs)) } },
      );
      return result.modifiedCount === 1;
    },

    /** Records how the callback that consumed `id` ended (for `connection.attempt`). */
    async recordOutcome(id: string, outcome: AuthorizationOutcome): Promise<void> {
      await collection.updateOne({ _id: id }, { $set: { outcome } });
    },

    /**
     * The recorded outcome of `user`'s latest unexpired authorization begun with `attempt`, or null
     * (unknown, another user's, not finished yet, expired).
     */
    async outcomeOf(user: UserKey, attempt: string): Promise<AuthorizationOutcome | null> {
      const [document] = await collection
        .find({ attemptHash: attemptHash(user, attempt), userIss: user.iss, userSub: user.sub, expiresAt: { $gt: new Date() } })
        .sort({ createdAt: -1 })
        .limit(1)
        .toArray();
      return document?.outcome ?? null;
    },

    /** Where the user came from, for a state that can no longer be used (to offer a way back). */
    async returnTargetOf(state: string): Promise<Pick<PendingAuthorization, 'returnUrl' | 'mode'> | null> {
      const document = await collection.findOne({ _id: stateId(state) });
      return document ? { returnUrl: document.returnUrl, mode: document.mode } : null;
    },
  };
}

export type PendingAuthorizations = ReturnType<typeof createPendingAuthorizations>;
