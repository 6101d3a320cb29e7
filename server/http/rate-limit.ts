/**
 * Rate limits on the two routes that make us do real work for an unauthenticated or cheap request
 * (DESIGN.md §9): begin (a pending authorization in MongoDB and a HealthEx discovery) and the callback
 * (a state lookup and a token request to HealthEx). Keyed by client address; a refused request gets
 * 429 with Retry-After — a page for the browser routes, a tRPC error (appCode RATE_LIMITED) for the
 * API — and is never passed on, so it changes nothing.
 */
import type { Context, Middleware } from 'koa';
import type { AuditLog } from '../audit/audit-log.js';
import { renderResultPage } from './result-page.js';
import { RESULT_PAGE_CSP } from './security-headers.js';
import { TokenBuckets } from './token-buckets.js';
import { TRPC_PREFIX, trpcErrorBody } from './trpc-errors.js';

export type LimitedRoute = 'begin' | 'callback';

export interface RateLimitOptions {
  beginPerMinute: number;
  callbackPerMinute: number;
  audit: AuditLog;
  now?: () => number;
}

/** The route a request counts against, matched the way the router matches (any case, trailing slash). */
export function limitedRouteOf(ctx: Pick<Context, 'path'>): LimitedRoute | null {
  if (ctx.path.startsWith(TRPC_PREFIX)) {
    return ctx.path.slice(TRPC_PREFIX.length).split(',').includes('connection.begin') ? 'begin' : null;
  }
  const path = ctx.path.toLowerCase().replace(/\/+$/, '');
  if (path === '/auth/healthex/callback') return 'callback';
  if (path === '/auth/healthex') return 'begin';
  return null;
}

const AUDIT_EVERY_MS = 60_000;

export function rateLimit(options: RateLimitOptions): Middleware {
  const now = options.now ?? Date.now;
  const buckets: Record<LimitedRoute, TokenBuckets> = {
    begin: new TokenBuckets(options.beginPerMinute, now),
    callback: new TokenBuckets(options.callbackPerMinute, now),
  };
  // A flood must not turn into a flood of audit writes: one event per address and route per minute,
  // and a log line for every refusal.
  const lastAudited = new Map<string, number>();

  return async (ctx, next) => {
    const route = limitedRouteOf(ctx);
    if (route === null || ctx.method === 'OPTIONS') return next();
    const { allowed, retryAfterSeconds } = buckets[route].take(ctx.ip);
    if (allowed) return next();

    ctx.state.log.warn({ route, ip: ctx.ip, retryAfterSeconds }, 'rate limited');
    const auditKey = `${route} ${ctx.ip}`;
    if ((lastAudited.get(auditKey) ?? -Infinity) + AUDIT_EVERY_MS <= now()) {
      if (lastAudited.size > 10_000) lastAudited.clear();
      lastAudited.set(auditKey, now());
      await options.audit.record({ action: 'request.denied', outcome: 'denied', reason: `rate_limited:${route}`, requestId: ctx.state.requestId });
    }

    ctx.status = 429;
    ctx.set('Retry-After', String(retryAfterSeconds));
    ctx.set('Cache-Control', 'no-store');
    const message = `Too many attempts from your network. Please wait ${retryAfterSeconds} seconds and try again.`;
    if (ctx.path.startsWith(TRPC_PREFIX)) {
      ctx.body = trpcErrorBody(ctx, { message, code: 'TOO_MANY_REQUESTS', httpStatus: 429, appCode: 'RATE_LIMITED' });
      return;
    }
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', RESULT_PAGE_CSP);
    ctx.body = renderResultPage({ title: 'Please wait a moment', message });
  };
}
