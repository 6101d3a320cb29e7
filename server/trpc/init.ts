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

/** A domain error as the tRPC error with the right HTTP status; null for anything else. */
function mappedError(error: unknown): TRPCError | null {
  const cause = toConnectError(error);
  return cause ? new TRPCError({ code: TRPC_CODE_BY_STATUS[cause.status] ?? 'INTERNAL_SERVER_ERROR', message: cause.message, cause }) : null;
}

/** What `mapErrors` makes of a finished call: domain errors mapped, the unexpected ones logged. */
function mapResult<R extends { ok: boolean; error?: TRPCError }>(result: R, log: RequestContext['log'], path: string): R {
  if (!result.ok && result.error) {
    const mapped = mappedError(result.error.cause);
    if (mapped) throw mapped;
    if (result.error.code === 'INTERNAL_SERVER_ERROR') log.error({ err: result.error.cause ?? result.error, path }, 'unexpected error in procedure');
  }
  return result;
}

/** Turns domain errors into tRPC errors with the right HTTP status; logs the unexpected ones. */
const mapErrors = t.middleware(async ({ ctx, next, path }) => mapResult(await next(), ctx.log, path));

export const publicProcedure = t.procedure.use(mapErrors);

/** Narrows the context to a verified user whose page origin their issuer allows; refusals are audited. */
export const requireUser = t.middleware(async ({ ctx, next }) => {
  const { user, issuer } = await authorizeRequest(ctx.auth, ctx.origin, { audit: ctx.services.audit, requestId: ctx.requestId });
  // tRPC merges what `next` is given into the context itself; spreading `ctx` here would copy it twice.
  return next({ ctx: { user, issuer } });
});

/**
 * `publicProcedure.use(requireUser)` in one middleware: the same mapping and logging, one tRPC
 * middleware level fewer on every authed call (each level is a `callRecursive` with its own option
 * and context spreads). A refusal of the authorization step is mapped as `mapErrors` maps it.
 */
export const authedProcedure = t.procedure.use(async ({ ctx, next, path }) => {
  let authorized: Awaited<ReturnType<typeof authorizeRequest>>;
  try {
    authorized = await authorizeRequest(ctx.auth, ctx.origin, { audit: ctx.services.audit, requestId: ctx.requestId });
  } catch (error) {
    const mapped = mappedError(error);
    if (mapped) throw mapped;
    ctx.log.error({ err: error, path }, 'unexpected error in procedure');
    throw error;
  }
  return mapResult(await next({ ctx: { user: authorized.user, issuer: authorized.issuer } }), ctx.log, path);
});
