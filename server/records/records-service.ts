/**
 * The records API behind the connect page (records-contract.ts), on HealthEx's documented tools:
 * - summary: counts per category from the list tools (records-counts.ts) over the whole history
 *   HealthEx shares (or the narrower window a tool allows, named per tile), bounded; imaging and
 *   hospital records, and answers in a format not recognised, "included", never counted;
 * - sharing: when HealthEx last updated the records and whether it is updating now, from
 *   `check_records_status` where tools/list offers it. The organisations the patient chose at
 *   consent are not returned by any documented API, so they are `null` (unknown), never invented;
 * - update: `update_records`, with HealthEx's per-patient rate limit as `rate_limited`.
 * Every use is audited (`token.use`) under a feature name saying what it was for: RECORDS_FEATURES
 * below. The patient's activity log groups the page's own reads per day, and shows an update by its
 * outcome (`records.update`: started, or refused by HealthEx's rate limit).
 *
 * Answers are cached briefly per user and process, so re-rendered tiles do not ask HealthEx each
 * time. The cache never decides who may see what: the connection is read from the database on
 * every call and only a `connected` user gets an answer. Entries are keyed by the user AND their
 * authorization time, so a fresh authorization never shows the previous one's answers.
 */
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';
import type { BackendApi } from '../backend-api/backend-api.js';
import type { ConnectionStore } from '../connections/connection-store.js';
import { ConnectError } from '../errors.js';
import { userKeyString, type UserKey } from '../identity/user-key.js';
import { countCategories, createShapeReporter, DEFAULT_COUNT_BOUNDS, type CountBounds } from './records-counts.js';
import type { RecordsService, RecordsSharingOutput, RecordsSummaryOutput, RecordsUpdateOutput } from './records-contract.js';
import { rateLimitOf, readRecordsStatus } from './sync-answers.js';
import { TtlCache } from './ttl-cache.js';
import { RecordsTokenRejectedError } from './mcp-records-client.js';

/** The feature names records use is audited under: what the patient's activity log says it was for. */
export const RECORDS_FEATURES = {
  /** Counting the records in each category for the connect page's tiles. */
  summary: 'connect-records-summary',
  /** Checking when HealthEx last updated the records. */
  status: 'connect-records-status',
  /** Asking HealthEx to get the latest records from the patient's providers. */
  update: 'connect-records-update',
} as const;

export type RecordsSummary = RecordsSummaryOutput;

export interface RecordsServiceOptions {
  store: ConnectionStore;
  backend: BackendApi;
  /** Where "Get latest records" leaves its outcome (`records.update`): started, or refused by HealthEx's rate limit. */
  audit: AuditLog;
  cacheSeconds: number;
  log: Logger;
  bounds?: CountBounds;
}

export function createRecordsService(options: RecordsServiceOptions): RecordsService {
  const { store, backend, audit, log } = options;
  const bounds = options.bounds ?? DEFAULT_COUNT_BOUNDS;
  const summaries = new TtlCache<RecordsSummaryOutput>(options.cacheSeconds);
  const statuses = new TtlCache<RecordsSharingOutput>(options.cacheSeconds);
  const reportShape = createShapeReporter(log);

  async function connectedKey(user: UserKey): Promise<string> {
    const document = await store.find(user);
    if (document?.state === 'reauth_required') throw new ConnectError('REAUTH_REQUIRED', 'HealthEx needs you to reconnect your records before they can be shown.');
    if (document?.state !== 'connected') throw new ConnectError('NOT_CONNECTED', 'Connect your HealthEx records to see them here.');
    return `${userKeyString(user)} ${document.authorizedAt.toISOString()}`;
  }
  const context = (requestId: string | undefined) => (requestId ? { requestId } : {});

  return {
    async summary(user, requestId) {
      const key = await connectedKey(user);
      return summaries.get(key, async () => {
        const fetchedAt = new Date().toISOString();
        const counting = { bounds, today: fetchedAt.slice(0, 10), log, reportShape };
        const categories = await backend.useRecords(user, RECORDS_FEATURES.summary, (session) => countCategories(session, counting), context(requestId));
        return { categories, fetchedAt };
      });
    },

    async sharing(user, requestId) {
      const key = await connectedKey(user);
      return statuses.get(key, async () => {
        const status = await backend.useRecords(
          user,
          RECORDS_FEATURES.status,
          async (session) => {
            const unknown = { lastUpdatedAt: null, updating: null };
            if (!(await session.toolNames()).has('check_records_status')) return unknown;
            try {
              return readRecordsStatus(await session.call('check_records_status'));
            } catch (error) {
              // A refused token is retried by useRecords; anything else only means "unknown".
              if (error instanceof RecordsTokenRejectedError) throw error;
              log.warn({ err: { name: (error as Error)?.name, message: (error as Error)?.message } }, 'HealthEx check_records_status failed');
              return unknown;
            }
          },
          context(requestId),
        );
        return { organisations: null, lastUpdatedAt: status.lastUpdatedAt, updating: status.updating, fetchedAt: new Date().toISOString() };
      });
    },

    async update(user, requestId): Promise<RecordsUpdateOutput> {
      const key = await connectedKey(user);
      const outcome = await backend.useRecords(
        user,
        RECORDS_FEATURES.update,
        async (session): Promise<RecordsUpdateOutput> => {
          if (!(await session.toolNames()).has('update_records')) throw new ConnectError('HEALTHEX_UNAVAILABLE', 'HealthEx cannot fetch your latest records right now. Please try again later.');
          try {
            await session.call('update_records');
            return { outcome: 'started' };
          } catch (error) {
            const limited = rateLimitOf(error);
            if (limited) return { outcome: 'rate_limited', retryAfterSeconds: limited.retryAfterSeconds };
            throw error;
          }
        },
        context(requestId),
      ).catch((error: unknown) => {
        if (error instanceof ConnectError) throw error;
        log.warn({ err: { name: (error as Error)?.name, message: (error as Error)?.message } }, 'HealthEx update_records failed');
        throw new ConnectError('HEALTHEX_UNAVAILABLE', 'HealthEx cannot fetch your latest records right now. Please try again later.');
      });
      // The patient's log says whether HealthEx took the request or refused it (never "used" for a refusal).
      const refused = outcome.outcome === 'rate_limited';
      await audit.record({ action: 'records.update', outcome: refused ? 'denied' : 'success', user, ...(refused ? { reason: 'rate_limited' } : {}), ...context(requestId) });
      // What the patient sees next must reflect the update: forget the cached answers.
      if (outcome.outcome === 'started') {
        summaries.forget(key);
        statuses.forget(key);
      }
      return outcome;
    },
  };
}
