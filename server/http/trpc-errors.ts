/**
 * A tRPC-shaped error body for the one refusal made before tRPC runs: a method tRPC does not serve
 * (method-not-allowed.ts), so the widget's tRPC client reads it like any other error
 * (`error.data.appCode`). Rate limits are a tRPC middleware (trpc/rate-limit-middleware.ts).
 */
import type { Context } from 'koa';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { AppErrorCode } from '../errors.js';

export const TRPC_PREFIX = '/trpc/';

export interface RefusalShape {
  message: string;
  code: TRPC_ERROR_CODE_KEY;
  httpStatus: number;
  appCode: AppErrorCode;
}

export function trpcErrorBody(ctx: Pick<Context, 'path' | 'query'>, refusal: RefusalShape): unknown {
  const error = {
    message: refusal.message,
    code: TRPC_ERROR_CODES_BY_KEY[refusal.code],
    data: { code: refusal.code, httpStatus: refusal.httpStatus, appCode: refusal.appCode },
  };
  if (ctx.query['batch'] !== '1') return { error };
  // A batch answers one entry per procedure in the path.
  const count = ctx.path.slice(TRPC_PREFIX.length).split(',').length;
  return Array.from({ length: count }, () => ({ error }));
}
