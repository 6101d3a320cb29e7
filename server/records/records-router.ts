/**
 * tRPC contract for the widget's record tiles:
 *
 *   records.summary  query, authed, no input
 *     → RecordsSummaryOutput = { categories: Array<{ category: RecordCategoryId, count: number }>, fetchedAt: string }
 *       categories: always all nine, in the seed page's order — 'labs', 'medications', 'visit_notes',
 *       'diagnoses', 'imaging', 'hospital', 'immunizations', 'procedures', 'allergies'; count 0 means
 *       "nothing in this category". fetchedAt: ISO 8601, may be up to ~60 s old (cached per user).
 *     errors (error.data.appCode): NOT_CONNECTED (409) unless the user is `connected`;
 *       REAUTH_REQUIRED (409) when HealthEx refused the authorization (show "reconnect");
 *       HEALTHEX_UNAVAILABLE (502); plus the usual UNAUTHENTICATED / ORIGIN_NOT_ALLOWED.
 *
 * Only the connect token's own user is ever looked up; the output holds counts only.
 */
import { ConnectError } from '../errors.js';
import { authedProcedure, router } from '../trpc/init.js';
import type { RecordsSummary } from './records-summary.js';

export type { RecordCategoryCount, RecordCategoryId } from './record-categories.js';
export { RECORD_CATEGORIES } from './record-categories.js';
export type RecordsSummaryOutput = RecordsSummary;

export const recordsRouter = router({
  summary: authedProcedure.query(({ ctx }): Promise<RecordsSummaryOutput> => {
    if (!ctx.services.records) throw new ConnectError('INTERNAL', 'Records are not available from this server.');
    return ctx.services.records.summary(ctx.user, ctx.requestId);
  }),
});
