import { router } from '../trpc/init.js';
import { connectionRouter } from './connection-router.js';
import { recordsRouter } from './records-router.js';
import { activityRouter } from './activity-router.js';

export const appRouter = router({
  connection: connectionRouter,
  records: recordsRouter,
  activity: activityRouter,
});

/** The widget's API contract: the widget imports this type only, never the server code. */
export type AppRouter = typeof appRouter;
