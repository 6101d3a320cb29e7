import cors from '@koa/cors';
import type { Middleware } from 'koa';

/**
 * CORS for the widget's API calls: only page origins some trusted issuer allows get an
 * Access-Control-Allow-Origin; per-issuer origin checks happen again in the `authed` procedure.
 * Credentials are never allowed — the connect token travels in the Authorization header.
 */
export function apiCors(allowedOrigins: ReadonlySet<string>): Middleware {
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('Origin');
      return allowedOrigins.has(origin) ? origin : '';
    },
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'trpc-accept'],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
    credentials: false,
  });
}
