/**
 * Request size limit (docs/architecture.md §9) for the plain Koa routes: a declared body larger than the limit
 * is refused with 413 before any route reads a byte of it. tRPC calls are refused by tRPC itself, in
 * its own error format (trpc-route.ts: a declared length over the limit, and `maxBodySize` for a
 * body streamed without one).
 */
import type { Middleware } from 'koa';
import { TRPC_PREFIX } from './trpc-prefix.js';

export function bodyLimit(maxBytes: number): Middleware {
  // Not async: a request it passes on costs the chain no extra promise.
  return (ctx, next) => {
    const declared = ctx.get('Content-Length');
    if (ctx.path.startsWith(TRPC_PREFIX) || declared === '' || !(Number(declared) > maxBytes)) return next();
    // The unread body: tell the client we will not read it, so Node does not wait for it.
    ctx.set('Connection', 'close');
    ctx.status = 413;
    ctx.body = { error: { code: 'PAYLOAD_TOO_LARGE', message: `The request body is too large (at most ${maxBytes} bytes).` } };
  };
}
