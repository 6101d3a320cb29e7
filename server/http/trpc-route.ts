import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';
import type { TRPCError } from '@trpc/server';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import { toConnectError } from '../errors.js';
import { bearerToken } from '../identity/connect-token.js';
import { createCachedConnectTokenVerifier } from '../identity/connect-token-cache.js';
import type { ConnectConfig } from '../config.js';
import type { ConnectServices } from '../services.js';
import { appRouter } from '../trpc/app-router.js';
import type { RequestContext } from '../trpc/context.js';
import { RateLimitedError } from '../trpc/rate-limit-middleware.js';
import { TRPC_PREFIX } from './trpc-errors.js';
import { answerFastQuery, fastQueryOf, queryPathsOf } from './trpc-query-fast-path.js';

export { TRPC_PREFIX } from './trpc-errors.js';

export interface TrpcRouteOptions {
  /** Plain GET queries skip tRPC's fetch adapter (trpc-query-fast-path.ts). Off only to compare both in tests. */
  fastQueries?: boolean;
}

/** A batch with more calls than tRPC's maxBatchSize lets through (tRPC refuses it; we name the reason). */
function isOversizedBatch(ctx: Context, maxBatchSize: number): boolean {
  return ctx.query['batch'] === '1' && ctx.path.slice(TRPC_PREFIX.length).split(',').length > maxBatchSize;
}

/** Retry-After for a rate-limited answer: the longest wait any refused call of it was given. */
function retryAfterOf(errors: readonly TRPCError[]): { 'retry-after'?: string } {
  const waits = errors.flatMap((error) => (error.cause instanceof RateLimitedError ? [error.cause.retryAfterSeconds] : []));
  return waits.length > 0 ? { 'retry-after': String(Math.max(...waits)) } : {};
}

/** Mounts the tRPC router at /trpc/*; the connect token is verified once, into the context. */
export function trpcRoute(config: ConnectConfig, services: ConnectServices, options: TrpcRouteOptions = {}): Middleware {
  const queryPaths = options.fastQueries === false ? new Set<string>() : queryPathsOf(appRouter);
  const connectTokens = createCachedConnectTokenVerifier(config.trustedIssuers, config.connectToken);

  async function createContext(ctx: Context): Promise<RequestContext> {
    return {
      services,
      auth: await connectTokens.verify(bearerToken(ctx.get('Authorization') || undefined)),
      origin: ctx.get('Origin') || null,
      clientAddress: ctx.ip,
      requestId: ctx.state.requestId,
      log: ctx.state.log,
    };
  }

  function onError(ctx: Context, error: TRPCError, path: string | undefined, context: RequestContext | undefined) {
    const log: Logger = ctx.state.log;
    if (error.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error.cause ?? error, path }, 'tRPC internal error');
    // Refusals the services record themselves carry a ConnectError (an outage cannot be recorded);
    // the rest (bad input, unknown procedure, unreadable body) are recorded here, so every refused
    // request leaves an event.
    else if (toConnectError(error.cause) === null) {
      const user = context?.auth.ok ? context.auth.user : undefined;
      const reason = isOversizedBatch(ctx, config.limits.maxBatchSize) ? 'batch_too_large' : `invalid_request:${error.code.toLowerCase()}`;
      void services.audit.record({ action: 'request.denied', outcome: 'denied', reason, requestId: ctx.state.requestId, ...(user ? { user } : {}) });
    }
  }

  return async (ctx, next) => {
    if (!ctx.path.startsWith(TRPC_PREFIX)) return next();
    const fast = fastQueryOf(ctx, TRPC_PREFIX, queryPaths);
    if (fast !== null) {
      return answerFastQuery(ctx, fast, {
        router: appRouter,
        createContext: () => createContext(ctx),
        onError: ({ error, path, ctx: context }) => onError(ctx, error, path, context),
      });
    }
    ctx.respond = false; // tRPC writes the Node response itself
    // Koa starts every response at 404; tRPC only sets its own status over a 200.
    ctx.res.statusCode = 200;
    await nodeHTTPRequestHandler({
      req: ctx.req,
      res: ctx.res,
      router: appRouter,
      path: ctx.path.slice(TRPC_PREFIX.length),
      maxBodySize: config.limits.requestBodyBytes, // the largest real input (begin) is a URL and a word
      allowMethodOverride: false,
      // Larger batches are refused (400, INVALID_INPUT) before any call runs or any context is built.
      maxBatchSize: config.limits.maxBatchSize,
      // tRPC sets its own `Vary`, replacing the CORS middleware's `Vary: Origin`: add it back so no
      // shared cache serves one site's answer to another. Answers are per user: never cache them.
      responseMeta: ({ errors }) => ({ headers: { vary: ['Origin'], 'cache-control': 'no-store', ...retryAfterOf(errors) } }),
      createContext: () => createContext(ctx),
      onError: ({ error, path, ctx: context }) => onError(ctx, error, path, context),
    });
  };
}
