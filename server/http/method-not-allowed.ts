/**
 * 405 Method Not Allowed, with `Allow`, for every method a route does not serve (RFC 9110 §15.5.6),
 * on tRPC's paths and Koa's, answered as a plain refusal: never an error, so never a stack trace in
 * the log.
 *
 * - /trpc/*: tRPC serves queries over GET (HEAD answers 204) and mutations over POST; the CORS
 *   middleware answers preflights. Any other method (PUT, DELETE, PATCH, TRACE, …) is refused here,
 *   before tRPC's adapter, which has no 405 for them: tRPC 11.25 answers PUT/DELETE/PATCH with 415
 *   (no content type) and TRACE with a 500 (undici's Request refuses the method). The body is the
 *   service's plain refusal (as body-limit.ts's 413), not tRPC's envelope: no tRPC client sends
 *   these methods. (GET on a mutation and POST on a query are tRPC's own 405, with its `Allow`.)
 * - Koa routes: @koa/router's allowedMethods answers 405 for the methods it knows (GET, POST, PUT,
 *   PATCH, DELETE, …) but 501 Not Implemented for others (TRACE, CONNECT, made-up ones). A route
 *   that exists serves only what it lists in `Allow`, so that is a 405 too; with no route at all
 *   (an empty `Allow`) it is the 404 any other unknown path gets.
 */
import type { Middleware } from 'koa';
import { TRPC_PREFIX } from './trpc-prefix.js';

export const TRPC_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'] as const;
const TRPC_ALLOW = TRPC_METHODS.join(', ');

export function trpcMethodsOnly(): Middleware {
  const served = new Set<string>(TRPC_METHODS);
  // Not async: a request it passes on costs the chain no extra promise.
  return (ctx, next) => {
    if (!ctx.path.startsWith(TRPC_PREFIX) || served.has(ctx.method)) return next();
    ctx.status = 405;
    ctx.set('Allow', TRPC_ALLOW);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { error: { code: 'METHOD_NOT_ALLOWED', message: `${ctx.method} is not allowed here. Use ${TRPC_ALLOW}.` } };
  };
}

/** Wraps the routers (use it before them): their 501 for an unknown method becomes 405 or 404. */
export function unservedMethods(): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.status !== 501) return;
    const allow = ctx.response.get('Allow');
    ctx.status = allow ? 405 : 404;
    if (!allow) ctx.remove('Allow');
  };
}
