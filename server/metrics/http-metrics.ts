/**
 * Counts and times every HTTP request by route template (never the raw path: it would carry ids and
 * grow without bound), method and status code; counts rate-limit refusals (every one: the audit
 * log records only one per address and minute). The outermost middleware, so it sees the status
 * the error boundary settled on.
 */
import type { Context, Middleware } from 'koa';
import { TRPC_PREFIX } from '../http/trpc-errors.js';
import type { ConnectMetrics } from './metrics.js';

const PROCEDURE = /^[a-z]+\.[a-zA-Z]+$/;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The route template: @koa/router's documented `ctx._matchedRoute` for router routes; for tRPC the
 * procedure name, only when tRPC knew it (it answers 404 for an unknown procedure) and only when
 * one procedure was called, so the label set stays the router's procedures.
 */
export function routeLabel(ctx: Context): string {
  const matched = (ctx as Context & { _matchedRoute?: string | RegExp })._matchedRoute;
  if (typeof matched === 'string') return matched;
  if (ctx.path.startsWith(TRPC_PREFIX)) {
    const procedure = ctx.path.slice(TRPC_PREFIX.length);
    return PROCEDURE.test(procedure) && ctx.status !== 404 ? `${TRPC_PREFIX}${procedure}` : `${TRPC_PREFIX}*`;
  }
  return 'unmatched';
}

export function httpMetrics(metrics: ConnectMetrics): Middleware {
  return async (ctx, next) => {
    // One clock read each side and one labels object for both metrics (prom-client's startTimer
    // reads hrtime twice and copies the labels into a fresh object on every request).
    const started = performance.now();
    try {
      await next();
    } finally {
      const labels = { method: METHODS.has(ctx.method) ? ctx.method : 'OTHER', route: routeLabel(ctx), status: String(ctx.status) };
      metrics.httpDuration.observe(labels, (performance.now() - started) / 1000);
      metrics.httpRequests.inc(labels);
    }
  };
}
