/**
 * The revocation outbox: every path that erases tokens (disconnect, a new authorization replacing
 * the old one, reauth_required, tokens that could not be stored) first records a job holding only
 * what RFC 7009 revocation needs — each token sealed, bound to the job, with the time after which it
 * is dead anyway. The revocation worker (revocation-worker.ts) sends them until HealthEx confirms,
 * then erases the job. The tokens are never usable from here: nothing but the worker opens them.
 *
 * The embedded engine has no $pull, so the remaining tokens are written back whole, under the lease.
 */
import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { KeyRing } from '../crypto/key-ring.js';
import type { RevocationCause, RevocationJobDocument } from '../db/collections.js';
import { userKeyString, type UserKey } from '../identity/user-key.js';

export type TokenHint = 'refresh_token' | 'access_token';

export interface TokenToRevoke {
  hint: TokenHint;
  token: string;
  /** When the token stops working by itself; null when unknown (then the configured bound applies). */
  expiresAt: Date | null;
}

export interface RevocationOutboxOptions {
  collection: Collection<RevocationJobDocument>;
  keyRing: KeyRing;
  /** How long a token of unknown lifetime (HealthEx documents no refresh-token lifetime) is retried. */
  giveUpAfterMs: number;
}

type JobToken = RevocationJobDocument['tokens'][number];

function jobContext(job: Pick<RevocationJobDocument, '_id' | 'userIss' | 'userSub'>, hint: TokenHint) {
  return { purpose: hint, owner: `${userKeyString({ iss: job.userIss, sub: job.userSub })} revocation ${job._id}` };
}

export function createRevocationOutbox(options: RevocationOutboxOptions) {
  const { collection, keyRing } = options;
  const leased = (jobId: string, leaseId: string) => ({ _id: jobId, 'lease.id': leaseId });

  return {
    /** Records the tokens to revoke; the refresh token goes first. Returns the job id (null: nothing to do). */
    async enqueue(user: UserKey, cause: RevocationCause, tokens: TokenToRevoke[], requestId?: string): Promise<string | null> {
      if (tokens.length === 0) return null;
      const now = new Date();
      const job = { _id: randomUUID(), userIss: user.iss, userSub: user.sub };
      const ordered = [...tokens].sort((a, b) => (a.hint === b.hint ? 0 : a.hint === 'refresh_token' ? -1 : 1));
      await collection.insertOne({
        ...job,
        cause,
        ...(requestId ? { requestId } : {}),
        tokens: ordered.map(({ hint, token, expiresAt }) => ({
          hint,
          sealed: keyRing.seal(token, jobContext(job, hint)),
          until: expiresAt ?? new Date(now.getTime() + options.giveUpAfterMs),
        })),
        createdAt: now,
        attempts: 0,
        nextAttemptAt: now,
        lastFailure: null,
        lease: null,
      });
      return job._id;
    },

    /** Takes the lease on one job that is due and not held by another process (or whose holder is gone). */
    async leaseDue(leaseMs: number, onlyJob?: string): Promise<{ job: RevocationJobDocument; leaseId: string } | null> {
      const now = new Date();
      const leaseId = randomUUID();
      const job = await collection.findOneAndUpdate(
        { ...(onlyJob ? { _id: onlyJob } : {}), nextAttemptAt: { $lte: now }, $or: [{ lease: null }, { 'lease.until': { $lt: now } }] },
        { $set: { lease: { id: leaseId, until: new Date(now.getTime() + leaseMs) } } },
        { returnDocument: 'after', sort: { nextAttemptAt: 1 } },
      );
      return job === null ? null : { job, leaseId };
    },

    /** The token itself, in memory only, for the one request to HealthEx. Throws DecryptionError. */
    open(job: RevocationJobDocument, token: JobToken): string {
      return keyRing.open(token.sealed, jobContext(job, token.hint));
    },

    /** What is left to revoke after a confirmed one (so a retry never sends it twice). */
    async keepOnly(jobId: string, leaseId: string, tokens: JobToken[]): Promise<boolean> {
      return (await collection.updateOne(leased(jobId, leaseId), { $set: { tokens } })).modifiedCount === 1;
    },

    /** HealthEx did not answer: try again at `nextAttemptAt`, and let any process take it then. */
    async retryLater(jobId: string, leaseId: string, tokens: JobToken[], failure: string, nextAttemptAt: Date): Promise<void> {
      await collection.updateOne(leased(jobId, leaseId), { $set: { tokens, lastFailure: failure, nextAttemptAt, lease: null }, $inc: { attempts: 1 } });
    },

    /**
     * Done (confirmed, refused for good, or dead by age): the sealed values are overwritten first, so
     * even a delete that does not reach the server leaves nothing that opens, then the job goes.
     */
    async erase(jobId: string, leaseId: string): Promise<void> {
      await collection.updateOne(leased(jobId, leaseId), { $set: { tokens: [] } });
      await collection.deleteOne(leased(jobId, leaseId));
    },

    /** For /metrics: jobs waiting, and among them those HealthEx already failed at least once. */
    async counts(): Promise<{ pending: number; retrying: number }> {
      const [pending, retrying] = await Promise.all([collection.countDocuments({}), collection.countDocuments({ attempts: { $gt: 0 } })]);
      return { pending, retrying };
    },
  };
}

export type RevocationOutbox = ReturnType<typeof createRevocationOutbox>;
