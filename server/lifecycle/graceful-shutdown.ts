/**
 * Graceful shutdown of a running service (SIGTERM from the orchestrator, or Ctrl-C):
 * 1. at once: `/readyz` answers 503 (the load balancer takes the instance out of rotation) and
 *    every response carries `Connection: close`, so keep-alive clients reconnect elsewhere;
 * 2. after `delayMs`: the listener closes (new connections are refused) and idle connections end;
 * 3. in-flight requests finish, bounded by `deadlineMs`; whatever is still open then is cut;
 * 4. MongoDB closes last, so every request that finished had the database to the end.
 */
import type { Server } from 'node:http';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';

/** Shared by the health routes and the shutdown: whether this instance is going away. */
export interface Lifecycle {
  draining: boolean;
}

export function createLifecycle(): Lifecycle {
  return { draining: false };
}

/**
 * While draining, tell keep-alive clients not to reuse this connection. Set before the rest of the
 * chain runs: tRPC writes its answers straight to the Node response, so a header set after `next()`
 * would miss every tRPC answer (and the chain pays no extra await for it).
 */
export function closeConnectionsWhileDraining(lifecycle: Lifecycle): Middleware {
  return (ctx, next) => {
    if (lifecycle.draining) ctx.set('Connection', 'close');
    return next();
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export interface ShutdownTarget {
  lifecycle: Lifecycle;
  server: Server;
  closeDatabase(): Promise<void>;
}

export async function drainAndClose(target: ShutdownTarget, options: { delayMs: number; deadlineMs: number; log: Logger }): Promise<{ cutConnections: boolean }> {
  const { log } = options;
  target.lifecycle.draining = true;
  log.info({ delayMs: options.delayMs, deadlineMs: options.deadlineMs }, 'shutting down: /readyz answers 503; still accepting until the delay ends');
  await sleep(options.delayMs);

  const closed = new Promise<void>((resolve) => target.server.close(() => resolve()));
  target.server.closeIdleConnections();
  log.info('shutting down: no longer accepting connections; waiting for in-flight requests');
  const cutConnections = await Promise.race([closed.then(() => false), sleep(options.deadlineMs).then(() => true)]);
  if (cutConnections) {
    log.warn({ deadlineMs: options.deadlineMs }, 'shutting down: requests still in flight at the deadline were cut');
    target.server.closeAllConnections();
  }
  await target.closeDatabase();
  log.info('shutting down: database closed; bye');
  return { cutConnections };
}
