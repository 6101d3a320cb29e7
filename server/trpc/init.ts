/**
 * The one tRPC instance: router and procedure builders, the error shape, and the `authed` procedure
 * that narrows the context to a verified user whose page origin their issuer allows.
 */
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { toConnectError } from '../db/database-outage.js';
import { ConnectError, type AppErrorCode } from '../errors.js';
import { authorizeRequest } from '../identity/authorize-request.js';
import type { RequestContext } from './context.js';

const TRPC_CODE_BY_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  409: 'CONFLICT',
  429: 'TOO_MANY_REQUESTS',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
};

function appCodeOf(error: TRPCError, httpStatus: number): AppErrorCode {
  if (error.cause instanceof ConnectError) return error.cause.code;
  if (error.code === 'UNAUTHORIZED') return 'UNAUTHENTICATED';
  if (error.code === 'TOO_MANY_REQUESTS') return 'RATE_LIMITED';
  // Every other 4xx tRPC raises itself (bad JSON, wrong content type or method, unknown procedure,
  // body too large) is a malformed request, not our fault.
  return httpStatus >= 400 && httpStatus < 500 ? 'INVALID_INPUT' : 'INTERNAL';
}

const t = initTRPC.context<RequestContext>().create({
  // Never send stacks, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    const appCode = appCodeOf(error, shape.data.httpStatus);
    // zod's issue list is useful to a developer and holds only the caller's own input paths.
    const message =
      appCode === 'INTERNAL'
        ? 'Something went wrong on our side. Please try again.'
        : appCode === 'INVALID_INPUT' && !(error.cause instanceof ConnectError)
          ? 'The request was not valid.'
          : shape.message;
    return { message, code: shape.code, data: { code: shape.data.code, httpStatus: shape.data.httpStatus, appCode } };
  },
});

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;

/** Turns domain errors into tRPC errors with the right HTTP status; logs the unexpected ones. */
const mapErrors = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = toConnectError(result.error.cause);
    if (cause) {
      throw new TRPCError({ code: TRPC_CODE_BY_STATUS[cause.status] ?? 'INTERNAL_SERVER_ERROR', message: cause.message, cause });
    }
    if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      ctx.log.error({ err: result.error.cause ?? result.error, path }, 'unexpected error in procedure');
    }
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors);

/** Narrows the context to a verified user whose page origin their issuer allows; refusals are audited. */
export const requireUser = t.middleware(async ({ ctx, next }) => {
  const { user, issuer } = await authorizeRequest(ctx.auth, ctx.origin, { audit: ctx.services.audit, requestId: ctx.requestId });
  // tRPC merges what `next` is given into the context itself; spreading `ctx` here would copy it twice.
  return next({ ctx: { user, issuer } });
});

export const authedProcedure = publicProcedure.use(requireUser);
