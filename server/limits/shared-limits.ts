/**
 * Request limits shared by every process of the service (docs/architecture.md §9, SECURITY.md T22): a
 * count per client address and limited route in a fixed one-minute window, kept in MongoDB through
 * rate-limiter-flexible's Mongo store, so N processes behind a load balancer allow the limit once,
 * not N times. The in-memory store is for tests that ask for it (RATE_LIMIT_STORE=memory).
 *
 * Calls from one address that arrive while its previous write is in flight are counted in one write
 * (coalesced-consume.ts), still atomic and still exact. The store's read-modify-write is one `findOneAndUpdate` with `$inc`/`$setOnInsert` and an upsert
 * (atomic on the server), which the embedded engine implements; its TTL index is created (a real
 * server deletes old windows with it) but the engine never deletes, which costs nothing here: a
 * window that has ended is replaced on its key's next use, so the collection holds one document per
 * address and route ever seen. If the database fails, each process falls back to an in-memory
 * count (the library's insurance limiter) rather than refusing everyone or letting everyone in.
 */
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterMongo, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AuditLog } from '../audit/audit-log.js';
import { createCoalescedConsume, type Counted } from './coalesced-consume.js';

export type LimitedRoute = 'begin' | 'callback';
export type LimitStore = 'mongodb' | 'memory';

export const RATE_LIMIT_COLLECTION = 'rate_limits';
const WINDOW_SECONDS = 60;
const AUDIT_EVERY_MS = 60_000;

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RequestLimitsOptions {
  store: LimitStore;
  db: Db;
  perMinute: Record<LimitedRoute, number>;
  audit: AuditLog;
  /** Told of every refusal (the audit events are throttled, so counters cannot follow them). */
  onRefusal?: (route: LimitedRoute) => void;
}

export interface RequestLimits {
  /** Counts one call against `route` for `address`; a refusal is logged and (at most once a minute per address and route) audited. */
  take(route: LimitedRoute, address: string, request: { requestId: string; log: Logger }): Promise<LimitVerdict>;
  /** The store's indexes (a no-op in memory); called once at start-up with the others. */
  ensureIndexes(): Promise<void>;
}

function limiterFor(options: RequestLimitsOptions, route: LimitedRoute): RateLimiterAbstract {
  const shape = { points: options.perMinute[route], duration: WINDOW_SECONDS, keyPrefix: route };
  if (options.store === 'memory') return new RateLimiterMemory(shape);
  return new RateLimiterMongo({
    ...shape,
    storeClient: options.db,
    tableName: RATE_LIMIT_COLLECTION,
    // Created by ensureIndexes, awaited at start-up, instead of in the background with console.error.
    disableIndexesCreation: true,
    insuranceLimiter: new RateLimiterMemory(shape),
  });
}

export function createRequestLimits(options: RequestLimitsOptions): RequestLimits {
  const limiters: Record<LimitedRoute, RateLimiterAbstract> = { begin: limiterFor(options, 'begin'), callback: limiterFor(options, 'callback') };
  // A crowd from one address (a clinic behind one NAT, a load test) costs one store write per group, not per call.
  const consume: Record<LimitedRoute, (key: string) => Promise<Counted>> = { begin: createCoalescedConsume(limiters.begin), callback: createCoalescedConsume(limiters.callback) };
  // A flood must not turn into a flood of audit writes: one event per address and route per minute
  // (per process), and a log line for every refusal.
  const lastAudited = new Map<string, number>();

  return {
    async take(route, address, request) {
      const counted = await consume[route](address);
      if (counted.allowed) return { allowed: true };
      const retryAfterSeconds = Math.max(1, Math.ceil(counted.msBeforeNext / 1000));
      options.onRefusal?.(route);
      request.log.warn({ route, ip: address, retryAfterSeconds }, 'rate limited');
      const auditKey = `${route} ${address}`;
      if ((lastAudited.get(auditKey) ?? -Infinity) + AUDIT_EVERY_MS <= Date.now()) {
        if (lastAudited.size > 10_000) lastAudited.clear();
        lastAudited.set(auditKey, Date.now());
        await options.audit.record({ action: 'request.denied', outcome: 'denied', reason: `rate_limited:${route}`, requestId: request.requestId });
      }
      return { allowed: false, retryAfterSeconds };
    },
    async ensureIndexes() {
      for (const limiter of Object.values(limiters)) {
        if (limiter instanceof RateLimiterMongo) await limiter.createIndexes();
      }
    },
  };
}

/** What a refused caller reads. */
export function rateLimitedMessage(retryAfterSeconds: number): string {
  return `Too many attempts from your network. Please wait ${retryAfterSeconds} seconds and try again.`;
}
