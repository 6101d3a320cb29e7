/**
 * tRPC contract for the widget's access log:
 *
 *   activity.log  query, authed, input { limit?: number } (1–50, default 20)
 *     → ActivityLogOutput = { events: ActivityEvent[] }, newest first, where
 *       ActivityEvent = { at: string (ISO 8601),
 *                         action: 'authorized' | 'confirmed' | 'used' | 'refreshed' | 'disconnected' | 'revoked',
 *                         outcome: 'success' | 'failure' | 'denied',
 *                         feature?: string }   // only for 'used': the Salus feature, e.g. 'health-decisions'
 *
 * Only the connect token's own user's events, and no secrets, request ids or internal reasons.
 */
import { z } from 'zod';
import { authedProcedure, router } from '../trpc/init.js';
import { DEFAULT_ACTIVITY_LIMIT, MAX_ACTIVITY_LIMIT, type ActivityEvent } from '../activity/activity-log.js';

export { ACTIVITY_ACTIONS, type ActivityAction, type ActivityEvent } from '../activity/activity-log.js';
export interface ActivityLogOutput {
  events: ActivityEvent[];
}

export const activityLogInput = z.object({ limit: z.number().int().min(1).max(MAX_ACTIVITY_LIMIT).optional() }).strict().optional();
export type ActivityLogInput = z.infer<typeof activityLogInput>;

export const activityRouter = router({
  log: authedProcedure.input(activityLogInput).query(async ({ ctx, input }): Promise<ActivityLogOutput> => {
    return { events: await ctx.services.activity.latest(ctx.user, input?.limit ?? DEFAULT_ACTIVITY_LIMIT) };
  }),
});
