/**
 * What every token-erasing path calls (disconnect, a replaced authorization, reauth_required, a
 * refresh whose result could not be stored): the tokens go into the revocation outbox before the
 * caller erases its own copy, and the first attempt starts right after. The caller waits for it
 * at most `firstAttemptWaitMs` — so a healthy HealthEx has confirmed by the time the patient's page
 * reads the status again, and a down or hanging one never holds the patient's answer up.
 */
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';
import type { ConnectionDocument, RevocationCause } from '../db/collections.js';
import type { UserKey } from '../identity/user-key.js';
import type { ConnectionStore } from './connection-store.js';
import type { RevocationOutbox, TokenToRevoke } from './revocation-outbox.js';
import type { RevocationWorker } from './revocation-worker.js';

export interface RevokeLaterOptions {
  outbox: RevocationOutbox;
  worker: Pick<RevocationWorker, 'tryNow'>;
  store: Pick<ConnectionStore, 'openAccessToken' | 'openRefreshToken'>;
  audit: AuditLog;
  log: Logger;
  firstAttemptWaitMs: number;
}

/** Starts the job's first attempt and waits for it, briefly (see above). */
export type FirstAttempt = () => Promise<void>;

export function createRevokeLater(options: RevokeLaterOptions) {
  const { outbox, worker, store, audit, log } = options;

  /** Records the job; the first attempt starts when the caller, having erased its copy, awaits it. */
  async function enqueue(user: UserKey, cause: RevocationCause, tokens: TokenToRevoke[], requestId?: string): Promise<FirstAttempt> {
    const jobId = await outbox.enqueue(user, cause, tokens, requestId);
    return async () => {
      if (jobId === null) return;
      let waited: NodeJS.Timeout | undefined;
      await Promise.race([worker.tryNow(jobId), new Promise<void>((resolve) => (waited = setTimeout(resolve, options.firstAttemptWaitMs)))]);
      clearTimeout(waited);
    };
  }

  return {
    /** Tokens held in memory only (fresh from HealthEx). */
    tokens: enqueue,

    /**
     * A stored connection's tokens. One that cannot be opened (its key is not in the ring, or it was
     * tampered with) cannot be revoked by anyone: that is audited, and the others still go.
     */
    async connection(user: UserKey, cause: RevocationCause, document: ConnectionDocument, requestId?: string): Promise<FirstAttempt> {
      const tokens: TokenToRevoke[] = [];
      const take = (hint: TokenToRevoke['hint'], open: () => string | null, expiresAt: Date | null) => {
        try {
          const token = open();
          if (token !== null) tokens.push({ hint, token, expiresAt });
        } catch (error) {
          log.error({ err: error, hint }, 'a stored token failed to open; it cannot be revoked');
          return true;
        }
        return false;
      };
      const refreshRejected = take('refresh_token', () => store.openRefreshToken(user, document), null);
      const accessRejected = take('access_token', () => store.openAccessToken(user, document), document.accessTokenExpiresAt);
      if (refreshRejected || accessRejected) {
        await audit.record({ action: 'token.revoke', outcome: 'failure', user, reason: `${cause}:sealed_value_rejected`, ...(requestId ? { requestId } : {}) });
      }
      return enqueue(user, cause, tokens, requestId);
    },
  };
}

export type RevokeLater = ReturnType<typeof createRevokeLater>;
