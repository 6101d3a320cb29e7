/**
 * tRPC `records.*` for the widget: the contract is in records-contract.ts. Only the connect token's
 * own user is ever looked up.
 */
import { authedProcedure, router } from '../trpc/init.js';
import type { RecordsSharingOutput, RecordsSummaryOutput, RecordsUpdateOutput } from '../records/records-contract.js';

export type { RecordCategoryId, RecordCategorySummary, RecordsSharingOutput, RecordsSummaryOutput, RecordsUpdateOutput } from '../records/records-contract.js';
export { RECORD_CATEGORIES } from '../records/records-contract.js';

export const recordsRouter = router({
  summary: authedProcedure.query(({ ctx }): Promise<RecordsSummaryOutput> => ctx.services.records.summary(ctx.user, ctx.requestId)),
  sharing: authedProcedure.query(({ ctx }): Promise<RecordsSharingOutput> => ctx.services.records.sharing(ctx.user, ctx.requestId)),
  update: authedProcedure.mutation(({ ctx }): Promise<RecordsUpdateOutput> => ctx.services.records.update(ctx.user, ctx.requestId)),
});
