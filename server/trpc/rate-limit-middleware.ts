/**
 * Rate limits inside tRPC (SECURITY.md T22): a middleware on the limited procedures, so it runs once
 * per call — every call of a batch counts — and only after tRPC has decoded the URL and resolved the
 * procedure, so `connection%2Ebegin`, `connection.begin` in a batch and any other spelling tRPC
 * accepts count as the same procedure. It runs before authentication: an unauthenticated flood is
 * limited too. A refusal is a TOO_MANY_REQUESTS tRPC error (appCode RATE_LIMITED); trpc-route.ts
 * turns its `retryAfterSeconds` into the Retry-After header.
 */
import { ConnectError } from '../errors.js';
import { rateLimitedMessage, type LimitedRoute } from '../limits/shared-limits.js';
import { middleware } from './init.js';

export class RateLimitedError extends ConnectError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', rateLimitedMessage(retryAfterSeconds));
  }
}

/** Counts each call of the procedure it is used on against `route`, per client address. */
export function limitCalls(route: LimitedRoute) {
  return middleware(async ({ ctx, next }) => {
    const verdict = await ctx.services.limits.take(route, ctx.clientAddress, { requestId: ctx.requestId, log: ctx.log });
    if (!verdict.allowed) throw new RateLimitedError(verdict.retryAfterSeconds);
    return next();
  });
}
