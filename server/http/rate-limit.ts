/**
 * The Koa-level limit for the two plain routes that make us do real work for a cheap request
 * (docs/architecture.md §9): the begin link `/auth/healthex` (a pending authorization and a HealthEx
 * discovery) and the callback (a state lookup and a token request to HealthEx). tRPC calls are
 * limited per call inside tRPC (trpc/rate-limit-middleware.ts), by the procedure tRPC resolved.
 *
 * The path is matched after normalising it at least as far as the router does (percent-decoding,
 * any case, trailing slashes), so no spelling the router serves escapes the limit. A refused request
 * gets 429 with Retry-After and a page, and is never passed on, so it changes nothing.
 */
import type { Context, Middleware, Next } from 'koa';
import { renderResultPage } from './result-page.js';
import { TRPC_PREFIX } from './trpc-prefix.js';
import { RESULT_PAGE_CSP } from './security-headers.js';
import { rateLimitedMessage, type LimitedRoute, type RequestLimits } from '../limits/shared-limits.js';

/** The path as the router could understand it: decoded (when it decodes), lower-case, no trailing slash. */
export function normalisedPath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape: the router cannot decode it either; compare the raw spelling.
  }
  return decoded.toLowerCase().replace(/\/+$/, '');
}

/** The plain route a request counts against, or null. */
export function limitedRouteOf(ctx: Pick<Context, 'path'>): LimitedRoute | null {
  // A tRPC path stays one after decoding and lower-casing (its prefix has no escapes), so the
  // widget's calls skip the normalisation; tRPC limits its own calls (trpc/rate-limit-middleware.ts).
  if (ctx.path.startsWith(TRPC_PREFIX)) return null;
  const path = normalisedPath(ctx.path);
  if (path === '/auth/healthex/callback') return 'callback';
  if (path === '/auth/healthex') return 'begin';
  return null;
}

export function rateLimit(limits: RequestLimits): Middleware {
  // The pass-through is not async, so the unlimited requests (every tRPC call) pay no extra promise.
  return (ctx, next) => {
    const route = limitedRouteOf(ctx);
    if (route === null || ctx.method === 'OPTIONS') return next();
    return limited(ctx, next, route);
  };

  async function limited(ctx: Context, next: Next, route: LimitedRoute): Promise<void> {
    const verdict = await limits.take(route, ctx.ip, { requestId: ctx.state.requestId, log: ctx.state.log });
    if (verdict.allowed) return next();

    ctx.status = 429;
    ctx.set('Retry-After', String(verdict.retryAfterSeconds));
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', RESULT_PAGE_CSP);
    ctx.body = renderResultPage({ title: 'Please wait a moment', message: rateLimitedMessage(verdict.retryAfterSeconds) });
  }
}
