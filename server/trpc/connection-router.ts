/**
 * The widget's API: read the status, begin the HealthEx authorization, confirm, disconnect.
 * Every procedure is `authed`: the user is the connect token's issuer + subject.
 */
import { z } from 'zod';
import { authedProcedure, publicProcedure, requireUser, router } from './init.js';
import { limitCalls } from './rate-limit-middleware.js';

export const beginInput = z
  .object({
    /** Where to send the user back after HealthEx; must be on the issuer's allowed origins. */
    returnUrl: z.string().url().max(2048),
    /** `popup`: the callback posts the result to the opener; `redirect`: it redirects to returnUrl. */
    mode: z.enum(['popup', 'redirect']),
  })
  .strict();
export type BeginInput = z.infer<typeof beginInput>;

export const connectionRouter = router({
  status: authedProcedure.query(({ ctx }) => ctx.services.connections.status(ctx.user)),

  // Limited per call, before authentication (a begin writes a pending authorization and an audit event).
  begin: publicProcedure
    .use(limitCalls('begin'))
    .use(requireUser)
    .input(beginInput)
    .mutation(({ ctx, input }) => ctx.services.connections.begin(ctx.user, ctx.issuer, input, ctx.requestId)),

  confirm: authedProcedure.mutation(({ ctx }) => ctx.services.connections.confirm(ctx.user, ctx.requestId)),

  disconnect: authedProcedure.mutation(({ ctx }) => ctx.services.connections.disconnect(ctx.user, ctx.requestId)),
});
