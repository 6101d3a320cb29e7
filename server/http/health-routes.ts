import { Router } from '@koa/router';
import type { Db } from 'mongodb';
import type { Lifecycle } from '../lifecycle/graceful-shutdown.js';

/**
 * Liveness says the process answers; readiness says it can do its job (the database answers) and
 * is not shutting down (a draining instance answers 503 at once, so the load balancer moves on).
 */
export function healthRoutes(db: Db, lifecycle: Lifecycle = { draining: false }): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    if (lifecycle.draining) {
      ctx.status = 503;
      ctx.body = { status: 'shutting_down' };
      return;
    }
    try {
      await Promise.race([
        db.command({ ping: 1 }),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000)),
      ]);
      ctx.body = { status: 'ready', database: 'ok' };
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'unavailable', database: 'unreachable' };
    }
  });
  return router;
}
