import { router } from './init.js';
import { connectionRouter } from '../connections/connection-router.js';
import { recordsRouter } from '../records/records-router.js';
import { activityRouter } from '../activity/activity-router.js';

export const appRouter = router({
  connection: connectionRouter,
  records: recordsRouter,
  activity: activityRouter,
});

/** The widget's API contract: the widget imports this type only, never the server code. */
export type AppRouter = typeof appRouter;
