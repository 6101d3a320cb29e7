/**
 * Sends the revocation outbox's jobs to HealthEx (RFC 7009), in every service process. A job is
 * leased before anything is sent, so two processes never send the same job; the lease outlives the
 * longest the requests can take (each bounded by HEALTHEX_TIMEOUT_SECONDS). A confirmed token is
 * struck from the job at once; HealthEx not answering (5xx, timeout, reset) means "try again later",
 * with exponential backoff, until it confirms or the token is past its lifetime. Then the job is
 * erased and the audit trail says how it ended ("HealthEx confirmed the disconnect" for the patient).
 */
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';
import type { RevocationJobDocument } from '../db/collections.js';
import { GrantRefusedError, type HealthexClient } from '../oauth/healthex-client.js';
import type { RevocationOutbox } from './revocation-outbox.js';

export interface RevocationWorkerOptions {
  outbox: RevocationOutbox;
  healthex: Pick<HealthexClient, 'revoke'>;
  audit: AuditLog;
  log: Logger;
  /** How often due jobs are looked for (jobs enqueued by this process are tried at once). */
  pollMs: number;
  /** The first retry waits this long, each next one twice as long, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** HEALTHEX_TIMEOUT_SECONDS in ms: what one request to HealthEx may take. */
  requestTimeoutMs: number;
}

type Ending = 'revoked' | 'lapsed' | 'expired' | 'sealed_value_rejected' | 'refused';

export function createRevocationWorker(options: RevocationWorkerOptions) {
  const { outbox, healthex, audit, log } = options;
  // Two tokens per job, each bounded by the request timeout, plus room for the database writes.
  const leaseMs = 2 * options.requestTimeoutMs + 10_000;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | null = null;
  let passAgain = false;
  let stopped = false;

  function backoff(attempts: number): number {
    return Math.min(options.retryBaseMs * 2 ** Math.min(attempts, 30), options.retryMaxMs);
  }

  /** One job under its lease: each token revoked, expired or refused for good is struck off. */
  async function work(job: RevocationJobDocument, leaseId: string): Promise<void> {
    let remaining = [...job.tokens];
    const endings: Ending[] = [];
    let failure: string | null = null;
    for (const token of job.tokens) {
      const strike = async (ending: Ending) => {
        endings.push(ending);
        remaining = remaining.filter((other) => other !== token);
        await outbox.keepOnly(job._id, leaseId, remaining);
      };
      if (token.until.getTime() <= Date.now()) {
        // An access token past its stated expiry no longer works: nothing left to do. A refresh
        // token has no documented lifetime: giving up on it is an unconfirmed end.
        await strike(token.hint === 'access_token' ? 'lapsed' : 'expired');
        continue;
      }
      let value: string;
      try {
        value = outbox.open(job, token);
      } catch (error) {
        log.error({ err: error, job: job._id, hint: token.hint }, 'a token waiting for revocation failed its integrity check; it cannot be revoked');
        await strike('sealed_value_rejected');
        continue;
      }
      try {
        await healthex.revoke(value, token.hint);
        await strike('revoked');
      } catch (error) {
        if (error instanceof GrantRefusedError) {
          // HealthEx answered, and no retry will change its mind (e.g. unsupported_token_type).
          log.warn({ job: job._id, hint: token.hint, oauthError: error.oauthError }, 'HealthEx refused a revocation');
          await strike('refused');
          continue;
        }
        failure = 'healthex_unavailable';
        log.warn({ err: error, job: job._id, hint: token.hint, attempts: job.attempts + 1 }, 'token revocation at HealthEx failed; will retry');
        break;
      }
    }
    const user = { iss: job.userIss, sub: job.userSub };
    const trail = { action: 'token.revoke', user, ...(job.requestId ? { requestId: job.requestId } : {}) } as const;
    if (remaining.length > 0) {
      await outbox.retryLater(job._id, leaseId, remaining, failure ?? 'unknown', new Date(Date.now() + backoff(job.attempts)));
      if (job.attempts === 0) await audit.record({ ...trail, outcome: 'failure', reason: `${job.cause}:healthex_unavailable` });
      return;
    }
    const unconfirmed = endings.find((ending) => ending !== 'revoked' && ending !== 'lapsed');
    // The trail first, then the job: an event that cannot be stored throws here, the job (its tokens
    // already struck off) stays, and a later pass records the ending before erasing it — so the end
    // of a revocation never exists only in a log line.
    await audit.record(unconfirmed ? { ...trail, outcome: 'failure', reason: `${job.cause}:${unconfirmed}` } : { ...trail, outcome: 'success', reason: job.cause });
    await outbox.erase(job._id, leaseId);
  }

  /** Works through every due job (or just `onlyJob`), one at a time. */
  async function drain(onlyJob?: string): Promise<void> {
    for (;;) {
      if (stopped) return;
      const next = await outbox.leaseDue(leaseMs, onlyJob);
      if (next === null) return;
      await work(next.job, next.leaseId);
      if (onlyJob) return;
    }
  }

  /** A pass over the due jobs; a request for another while one runs starts it right after. */
  function runPass(): Promise<void> {
    if (pass) {
      passAgain = true;
      return pass;
    }
    pass = (async () => {
      do {
        passAgain = false;
        try {
          await drain();
        } catch (error) {
          // The database went away mid-pass: the lease expires and a later pass (here or elsewhere) resumes.
          log.warn({ err: error }, 'the revocation pass stopped early');
        }
      } while (passAgain && !stopped);
    })().finally(() => (pass = null));
    return pass;
  }

  return {
    start(): void {
      stopped = false;
      timer ??= setInterval(() => void runPass(), options.pollMs);
      timer.unref();
      void runPass();
    },

    /** Tries one freshly enqueued job now, without waiting for the next poll. */
    async tryNow(jobId: string): Promise<void> {
      try {
        await drain(jobId);
      } catch (error) {
        log.warn({ err: error, job: jobId }, 'the first revocation attempt stopped early; the worker retries');
      }
    },

    /** Every due job, now (tests, and the poll). */
    runPass,

    /** Stops polling and waits for the pass in progress (a shutdown closes the database after). */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await pass;
    },
  };
}

export type RevocationWorker = ReturnType<typeof createRevocationWorker>;
