/**
 * tRPC `records.*` for the widget: the contract is in records-contract.ts. Only the connect token's
 * own user is ever looked up.
 */
import { ConnectError } from '../errors.js';
import { authedProcedure, router } from '../trpc/init.js';
import type { RecordsService, RecordsSharingOutput, RecordsSummaryOutput, RecordsUpdateOutput } from './records-contract.js';

export type { RecordCategoryId, RecordCategorySummary, RecordsSharingOutput, RecordsSummaryOutput, RecordsUpdateOutput } from './records-contract.js';
export { RECORD_CATEGORIES } from './records-contract.js';

function recordsOf(services: { records?: RecordsService }): RecordsService {
  if (!services.records) throw new ConnectError('INTERNAL', 'Records are not available from this server.');
  return services.records;
}

export const recordsRouter = router({
  summary: authedProcedure.query(({ ctx }): Promise<RecordsSummaryOutput> => recordsOf(ctx.services).summary(ctx.user, ctx.requestId)),
  sharing: authedProcedure.query(({ ctx }): Promise<RecordsSharingOutput> => recordsOf(ctx.services).sharing(ctx.user, ctx.requestId)),
  update: authedProcedure.mutation(({ ctx }): Promise<RecordsUpdateOutput> => recordsOf(ctx.services).update(ctx.user, ctx.requestId)),
});
