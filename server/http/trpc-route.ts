import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';
import { TRPCError } from '@trpc/server';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import { toConnectError } from '../db/database-outage.js';
import { ConnectError } from '../errors.js';
import { bearerToken } from '../identity/connect-token.js';
import { createCachedConnectTokenVerifier } from '../identity/connect-token-cache.js';
import type { ConnectConfig } from '../config.js';
import type { ConnectServices } from '../services.js';
import { appRouter } from '../routers/app-router.js';
import type { RequestContext } from '../trpc/context.js';
import { RateLimitedError } from '../trpc/rate-limit-middleware.js';
import { TRPC_PREFIX } from './trpc-prefix.js';

export { TRPC_PREFIX } from './trpc-prefix.js';

/** A batch with more calls than tRPC's maxBatchSize lets through (tRPC refuses it; we name the reason). */
function isOversizedBatch(ctx: Context, maxBatchSize: number): boolean {
  return ctx.query['batch'] === '1' && ctx.path.slice(TRPC_PREFIX.length).split(',').length > maxBatchSize;
}

/** Retry-After for a rate-limited answer: the longest wait any refused call of it was given. */
function retryAfterOf(errors: readonly TRPCError[]): { 'retry-after'?: string } {
  const waits = errors.flatMap((error) => (error.cause instanceof RateLimitedError ? [error.cause.retryAfterSeconds] : []));
  return waits.length > 0 ? { 'retry-after': String(Math.max(...waits)) } : {};
}

/**
 * Mounts the tRPC router at /trpc/* through tRPC's own Node adapter, which writes every answer (and
 * every refusal a tRPC client reads) in tRPC's wire format. The connect token is verified once, into
 * the context.
 */
export function trpcRoute(config: ConnectConfig, services: ConnectServices): Middleware {
  const connectTokens = createCachedConnectTokenVerifier(config.trustedIssuers, config.connectToken);
  const maxBodySize = config.limits.requestBodyBytes; // the largest real input (begin) is a URL and a word

  async function createContext(ctx: Context): Promise<RequestContext> {
    // tRPC stops reading a body at maxBodySize, but only a procedure with an input reads one: a body
    // declared too large is refused for every procedure, before anything runs, and not read at all.
    if (Number(ctx.get('Content-Length')) > maxBodySize) {
      ctx.res.setHeader('Connection', 'close'); // so Node does not wait for the unread body
      const message = `The request body is too large (at most ${maxBodySize} bytes).`;
      throw new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message, cause: new ConnectError('INVALID_INPUT', message) });
    }
    return {
      services,
      auth: await connectTokens.verify(bearerToken(ctx.get('Authorization') || undefined)),
      origin: ctx.get('Origin') || null,
      clientAddress: ctx.ip,
      requestId: ctx.state.requestId,
      log: ctx.state.log,
    };
  }

  function onError(ctx: Context, error: TRPCError, context: RequestContext | undefined, path: string | undefined) {
    const log: Logger = ctx.state.log;
    if (error.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error.cause ?? error, path }, 'tRPC internal error');
    // Refusals the services record themselves carry a ConnectError (an outage cannot be recorded);
    // the rest (bad input, unknown procedure, unreadable body, a body declared too large, which
    // createContext refuses before any service runs) are recorded here, so every refused request
    // leaves an event.
    else if (toConnectError(error.cause) === null || error.code === 'PAYLOAD_TOO_LARGE') {
      const user = context?.auth.ok ? context.auth.user : undefined;
      const reason = isOversizedBatch(ctx, config.limits.maxBatchSize) ? 'batch_too_large' : `invalid_request:${error.code.toLowerCase()}`;
      // tRPC answers without waiting for this hook: an event that cannot be stored is counted (audit
      // writes, failed) and logged in full by the audit writer; nothing else is left to fail.
      services.audit.record({ action: 'request.denied', outcome: 'denied', reason, requestId: ctx.state.requestId, ...(user ? { user } : {}) }).catch(() => undefined);
    }
  }

  return (ctx, next) => {
    if (!ctx.path.startsWith(TRPC_PREFIX)) return next();
    ctx.respond = false; // tRPC writes the Node response itself
    // Koa starts every response at 404; tRPC only sets its own status over a 200.
    ctx.res.statusCode = 200;
    return nodeHTTPRequestHandler({
      req: ctx.req,
      res: ctx.res,
      router: appRouter,
      path: ctx.path.slice(TRPC_PREFIX.length),
      maxBodySize,
      allowMethodOverride: false,
      // Larger batches are refused (400, INVALID_INPUT) before any call runs or any context is built.
      maxBatchSize: config.limits.maxBatchSize,
      // tRPC sets its own `Vary`, replacing the CORS middleware's `Vary: Origin`: add it back so no
      // shared cache serves one site's answer to another. Answers are per user: never cache them.
      responseMeta: ({ errors }) => ({ headers: { vary: ['Origin'], 'cache-control': 'no-store', ...retryAfterOf(errors) } }),
      createContext: () => createContext(ctx),
      onError: ({ error, path, ctx: context }) => onError(ctx, error, context, path),
    });
  };
}
