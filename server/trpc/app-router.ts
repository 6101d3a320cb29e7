import { router } from './init.js';
import { connectionRouter } from './connection-router.js';

export const appRouter = router({
  connection: connectionRouter,
});

/** The widget's API contract: the widget imports this type only, never the server code. */
export type AppRouter = typeof appRouter;
