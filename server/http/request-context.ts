/**
 * The first middleware: a request id, one log line per request (path only — the callback's query
 * holds the authorization code), and the error boundary. Expected errors answer with their code and
 * message; anything unexpected answers a generic 500 and is logged here, never sent to the caller.
 */
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { toConnectError } from '../db/database-outage.js';

declare module 'koa' {
  interface DefaultState {
    requestId: string;
    log: Logger;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestContext(log: Logger): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = log.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } catch (error) {
      const known = toConnectError(error);
      const status = known?.status ?? (isClientHttpError(error) ? (error as { status: number }).status : 500);
      if (!known && status >= 500) ctx.state.log.error({ err: error }, 'unhandled error');
      if (known?.code === 'SERVICE_UNAVAILABLE') ctx.state.log.warn({ cause: (known.cause as Error | undefined)?.name }, 'database unavailable');
      ctx.status = status;
      ctx.body = {
        error: {
          code: known?.code ?? (status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'INVALID_INPUT' : 'INTERNAL'),
          message: known?.message ?? (status < 500 ? 'The request was not valid.' : 'Something went wrong on our side. Please try again.'),
        },
      };
    } finally {
      // The client address joins audit events (by request id) to who made an unauthenticated request.
      ctx.state.log.info({ method: ctx.method, path: ctx.path, status: ctx.status, ip: ctx.ip, ms: Math.round(performance.now() - started) }, 'request');
    }
  };
}

/** Errors Koa or its middleware raise with an explicit 4xx status (for example a body too large). */
function isClientHttpError(error: unknown): boolean {
  const status = (error as { status?: unknown })?.status;
  return (error as { expose?: unknown })?.expose === true && typeof status === 'number' && status >= 400 && status < 500;
}
