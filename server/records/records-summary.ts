/**
 * The records summary behind the connect page's category tiles: the count per category, read from
 * HealthEx's `get_health_summary` MCP tool through the back-end API (so it is audited like any other
 * use, as the `connect-records-summary` feature). Cached briefly per user and process: tiles are
 * re-rendered often, HealthEx should not be asked each time.
 *
 * The cache never decides who may see what: the connection is read from the database on every call
 * and only a `connected` user gets counts. Entries are keyed by the user AND their authorization
 * time, so a fresh authorization (perhaps to another HealthEx patient or other providers) never
 * shows the previous one's counts.
 */
import type { BackendApi } from '../backend-api/backend-api.js';
import type { ConnectionStore } from '../connections/connection-store.js';
import { ConnectError } from '../errors.js';
import { userKeyString, type UserKey } from '../identity/user-key.js';
import { categoryCountsFrom, HEALTH_SUMMARY_TOOL } from './record-categories.js';
import type { RecordCategorySummary, RecordsService, RecordsSharingOutput, RecordsSummaryOutput, RecordsUpdateOutput } from './records-contract.js';

/** The feature name this service's own records use is audited under. */
export const RECORDS_SUMMARY_FEATURE = 'connect-records-summary';
const MAX_ENTRIES = 10_000;

export type RecordsSummary = RecordsSummaryOutput;

export function createRecordsSummaries(options: { store: ConnectionStore; backend: BackendApi; cacheSeconds: number }): RecordsService {
  const { store, backend } = options;
  const cache = new Map<string, { summary: RecordsSummary; until: number }>();
  const inFlight = new Map<string, Promise<RecordsSummary>>();

  async function fetchSummary(user: UserKey, requestId: string | undefined): Promise<RecordsSummary> {
    const result = await backend.fetchRecords(user, RECORDS_SUMMARY_FEATURE, HEALTH_SUMMARY_TOOL, {}, requestId ? { requestId } : {});
    let categories: RecordCategorySummary[];
    try {
      categories = categoryCountsFrom(result).map(({ category, count }): RecordCategorySummary =>
        category === 'imaging' || category === 'hospital' ? { category, kind: 'included' } : { category, kind: 'counted', count, more: false },
      );
    } catch {
      throw new ConnectError('HEALTHEX_UNAVAILABLE', 'HealthEx returned a records summary we could not read. Please try again later.');
    }
    return { categories, windowYears: 3, fetchedAt: new Date().toISOString() };
  }

  function remember(key: string, summary: RecordsSummary): void {
    if (options.cacheSeconds <= 0) return;
    if (cache.size >= MAX_ENTRIES) {
      const now = Date.now();
      for (const [k, entry] of cache) if (entry.until <= now) cache.delete(k);
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    }
    cache.set(key, { summary, until: Date.now() + options.cacheSeconds * 1000 });
  }

  async function connectedDocument(user: UserKey) {
    const document = await store.find(user);
    if (document?.state === 'reauth_required') throw new ConnectError('REAUTH_REQUIRED', 'HealthEx needs you to reconnect your records before they can be shown.');
    if (document?.state !== 'connected') throw new ConnectError('NOT_CONNECTED', 'Connect your HealthEx records to see them here.');
    return document;
  }

  return {
    async summary(user: UserKey, requestId?: string): Promise<RecordsSummary> {
      const document = await connectedDocument(user);
      const key = `${userKeyString(user)} ${document.authorizedAt.toISOString()}`;
      const cached = cache.get(key);
      if (cached && cached.until > Date.now()) return cached.summary;

      // Concurrent tiles for one user share one HealthEx call.
      let pending = inFlight.get(key);
      if (!pending) {
        pending = fetchSummary(user, requestId)
          .then((summary) => (remember(key, summary), summary))
          .finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },

    // Interim until the records client reads HealthEx's documented tools: nothing is known yet.
    async sharing(user): Promise<RecordsSharingOutput> {
      await connectedDocument(user);
      return { organisations: null, lastUpdatedAt: null, updating: null, fetchedAt: new Date().toISOString() };
    },

    async update(user, requestId): Promise<RecordsUpdateOutput> {
      await connectedDocument(user);
      await backend.fetchRecords(user, RECORDS_SUMMARY_FEATURE, 'update_records', {}, requestId ? { requestId } : {});
      return { outcome: 'started' };
    },
  };
}

export type RecordsSummaries = RecordsService;
