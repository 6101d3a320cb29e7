/**
 * Request size limit (DESIGN.md §9): a declared body larger than the limit is refused with 413
 * before any route reads a byte of it. Bodies without a declared length are only ever read by tRPC,
 * which stops at the same limit (`maxBodySize`).
 */
import type { Middleware } from 'koa';
import { TRPC_PREFIX, trpcErrorBody } from './trpc-errors.js';

export function bodyLimit(maxBytes: number): Middleware {
  return async (ctx, next) => {
    const declared = ctx.get('Content-Length');
    if (declared === '' || !(Number(declared) > maxBytes)) return next();
    // The unread body: tell the client we will not read it, so Node does not wait for it.
    ctx.set('Connection', 'close');
    ctx.status = 413;
    const message = `The request body is too large (at most ${maxBytes} bytes).`;
    ctx.body = ctx.path.startsWith(TRPC_PREFIX)
      ? trpcErrorBody(ctx, { message, code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, appCode: 'INVALID_INPUT' })
      : { error: { code: 'PAYLOAD_TOO_LARGE', message } };
  };
}
