/**
 * 405 Method Not Allowed, with `Allow`, for every method a route does not serve (RFC 9110 §15.5.6),
 * on tRPC's paths and Koa's, answered as a plain refusal: never an error, so never a stack trace in
 * the log.
 *
 * - /trpc/*: tRPC serves queries over GET (HEAD answers 204) and mutations over POST; the CORS
 *   middleware answers preflights. Any other method (PUT, DELETE, PATCH, TRACE, …) is refused here,
 *   before tRPC's adapter, which has no answer of its own for them. (GET on a mutation and POST on
 *   a query are tRPC's own 405.)
 * - Koa routes: @koa/router's allowedMethods answers 405 for the methods it knows (GET, POST, PUT,
 *   PATCH, DELETE, …) but 501 Not Implemented for others (TRACE, CONNECT, made-up ones). A route
 *   that exists serves only what it lists in `Allow`, so that is a 405 too; with no route at all
 *   (an empty `Allow`) it is the 404 any other unknown path gets.
 */
import type { Middleware } from 'koa';
import { TRPC_PREFIX, trpcErrorBody } from './trpc-errors.js';

export const TRPC_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'] as const;
const TRPC_ALLOW = TRPC_METHODS.join(', ');

export function trpcMethodsOnly(): Middleware {
  const served = new Set<string>(TRPC_METHODS);
  return async (ctx, next) => {
    if (!ctx.path.startsWith(TRPC_PREFIX) || served.has(ctx.method)) return next();
    ctx.status = 405;
    ctx.set('Allow', TRPC_ALLOW);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = trpcErrorBody(ctx, { message: `${ctx.method} is not allowed here. Use ${TRPC_ALLOW}.`, code: 'METHOD_NOT_SUPPORTED', httpStatus: 405, appCode: 'INVALID_INPUT' });
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
