/**
 * tRPC contract for the widget's access log:
 *
 *   activity.log  query, authed, input { limit?: number (1–50, default 20), before?: ISO 8601 }
 *     → ActivityLogOutput = { events: ActivityEvent[], earlier: string | null }, newest first, where
 *       ActivityEvent = { at: string (ISO 8601),
 *                         action: 'authorized' | 'confirmed' | 'used' | 'refreshed' | 'disconnected' | 'revoked'
 *                               | 'update_requested' | 'page_reads',
 *                         outcome: 'success' | 'failure' | 'denied',
 *                         feature?: string,   // 'used': the Salus feature; 'page_reads': which read of the page
 *                         times?: number }    // 'page_reads': how many that day
 *       and `earlier`, when set, is the `before` that asks for the next-older screen.
 *
 * `limit` counts the notable events (grants, confirmations, uses, disconnects…); the connect page's
 * own reads of the same span come grouped, one line per feature and day. Only the connect token's
 * own user's events, and no secrets, request ids or internal reasons.
 */
import { z } from 'zod';
import { authedProcedure, router } from '../trpc/init.js';
import { DEFAULT_ACTIVITY_LIMIT, MAX_ACTIVITY_LIMIT, type ActivityEvent } from '../activity/activity-log.js';

export { ACTIVITY_ACTIONS, type ActivityAction, type ActivityEvent } from '../activity/activity-log.js';
export interface ActivityLogOutput {
  events: ActivityEvent[];
  earlier: string | null;
}

export const activityLogInput = z
  .object({ limit: z.number().int().min(1).max(MAX_ACTIVITY_LIMIT).optional(), before: z.string().datetime({ offset: true }).optional() })
  .strict()
  .optional();
export type ActivityLogInput = z.infer<typeof activityLogInput>;

export const activityRouter = router({
  log: authedProcedure.input(activityLogInput).query(async ({ ctx, input }): Promise<ActivityLogOutput> => {
    return ctx.services.activity.latest(ctx.user, { limit: input?.limit ?? DEFAULT_ACTIVITY_LIMIT, ...(input?.before ? { before: input.before } : {}) });
  }),
});
