import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import { bearerToken, verifyConnectToken } from '../identity/connect-token.js';
import type { ConnectConfig } from '../config.js';
import type { ConnectServices } from '../services.js';
import { appRouter } from '../trpc/app-router.js';

export const TRPC_PREFIX = '/trpc/';
const MAX_BODY_BYTES = 16 * 1024; // the largest real input (begin) is a URL and a word

/** Mounts the tRPC router at /trpc/*; the connect token is verified once, into the context. */
export function trpcRoute(config: ConnectConfig, services: ConnectServices): Middleware {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(TRPC_PREFIX)) return next();
    const log: Logger = ctx.state.log;
    ctx.respond = false; // tRPC writes the Node response itself
    // Koa starts every response at 404; tRPC only sets its own status over a 200.
    ctx.res.statusCode = 200;
    await nodeHTTPRequestHandler({
      req: ctx.req,
      res: ctx.res,
      router: appRouter,
      path: ctx.path.slice(TRPC_PREFIX.length),
      maxBodySize: MAX_BODY_BYTES,
      allowMethodOverride: false,
      createContext: async () => ({
        services,
        auth: await verifyConnectToken(bearerToken(ctx.get('Authorization') || undefined), config.trustedIssuers, config.connectToken),
        origin: ctx.get('Origin') || null,
        requestId: ctx.state.requestId,
        log,
      }),
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error.cause ?? error, path }, 'tRPC internal error');
      },
    });
  };
}
