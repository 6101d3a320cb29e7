/**
 * The widget's API: read the status, begin the HealthEx authorization, confirm, disconnect.
 * Every procedure is `authed`: the user is the connect token's issuer + subject.
 */
import { authedProcedure, publicProcedure, requireUser, router } from '../trpc/init.js';
import { limitCalls } from '../trpc/rate-limit-middleware.js';
import { attemptInput, beginInput } from '../connections/connection-service.js';

export const connectionRouter = router({
  status: authedProcedure.query(({ ctx }) => ctx.services.connections.status(ctx.user)),

  // Limited per call, before authentication (a begin writes a pending authorization and an audit event).
  begin: publicProcedure
    .use(limitCalls('begin'))
    .use(requireUser)
    .input(beginInput)
    .mutation(({ ctx, input }) => ctx.services.connections.begin(ctx.user, ctx.issuer, input, ctx.requestId)),

  // A cheap read of the user's own pending authorization: the widget believes a result flag only
  // when this confirms it (issue 13).
  attempt: authedProcedure.input(attemptInput).query(({ ctx, input }) => ctx.services.connections.attempt(ctx.user, input.attempt)),

  confirm: authedProcedure.mutation(({ ctx }) => ctx.services.connections.confirm(ctx.user, ctx.requestId)),

  disconnect: authedProcedure.mutation(({ ctx }) => ctx.services.connections.disconnect(ctx.user, ctx.requestId)),
});
