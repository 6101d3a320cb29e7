/**
 * Graceful shutdown of a running service (SIGTERM from the orchestrator, or Ctrl-C):
 * 1. at once: `/readyz` answers 503 (the load balancer takes the instance out of rotation) and
 *    every response carries `Connection: close`, so keep-alive clients reconnect elsewhere;
 *    and idle keep-alive connections close at once (they hold no request);
 * 2. after `delayMs`: the listener closes (new connections are refused);
 * 3. in-flight requests finish, bounded by `deadlineMs`; as soon as the last one ends the process
 *    goes on (idle sockets never hold it up); whatever is still answering at the deadline is cut;
 * 4. MongoDB closes last, so every request that finished had the database to the end.
 */
import type { Server, ServerResponse } from 'node:http';
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

/**
 * Counts the requests a server is answering (from arrival until the response is done or its
 * connection dies), so a shutdown waits for requests — not for idle keep-alive sockets, which hold
 * no work. Attach it when the server is created, so requests already running are counted.
 */
export interface RequestTracker {
  readonly inFlight: number;
  /** Resolves once no request is in flight (at once when none is). */
  whenIdle(): Promise<void>;
  /**
   * From now on no socket is kept alive: answers still to be written get `Connection: close`, and a
   * socket whose answer went out before this call is closed as soon as that answer is done.
   */
  stopKeepingAlive(): void;
}

export function trackRequests(server: Server): RequestTracker {
  const answering = new Set<ServerResponse>();
  const waiters: (() => void)[] = [];
  let keepingAlive = true;
  server.on('request', (_req, res: ServerResponse) => {
    answering.add(res);
    res.once('close', () => {
      answering.delete(res);
      if (!keepingAlive) server.closeIdleConnections();
      if (answering.size === 0) for (const resolve of waiters.splice(0)) resolve();
    });
  });
  return {
    get inFlight() {
      return answering.size;
    },
    whenIdle: () => (answering.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    stopKeepingAlive() {
      keepingAlive = false;
      for (const res of answering) if (!res.headersSent) res.setHeader('Connection', 'close');
      server.closeIdleConnections();
    },
  };
}

export interface ShutdownTarget {
  lifecycle: Lifecycle;
  server: Server;
  requests: RequestTracker;
  closeDatabase(): Promise<void>;
}

export async function drainAndClose(target: ShutdownTarget, options: { delayMs: number; deadlineMs: number; log: Logger }): Promise<{ cutConnections: boolean }> {
  const { log } = options;
  const { server, requests } = target;
  target.lifecycle.draining = true;
  // Idle keep-alive sockets hold no request: they go now (clients reconnect, to another instance once
  // readiness is 503). Requests already running answer with `Connection: close` and end with it.
  requests.stopKeepingAlive();
  log.info({ delayMs: options.delayMs, deadlineMs: options.deadlineMs, inFlight: requests.inFlight }, 'shutting down: /readyz answers 503; still accepting until the delay ends');
  await sleep(options.delayMs);

  server.close();
  server.closeIdleConnections();
  log.info({ inFlight: requests.inFlight }, 'shutting down: no longer accepting connections; waiting for in-flight requests');
  const cutConnections = await Promise.race([requests.whenIdle().then(() => false), sleep(options.deadlineMs).then(() => true)]);
  if (cutConnections) log.warn({ deadlineMs: options.deadlineMs, inFlight: requests.inFlight }, 'shutting down: requests still in flight at the deadline were cut');
  // Whatever is left is either cut (deadline) or idle (a keep-alive socket with nothing to answer).
  server.closeAllConnections();
  await target.closeDatabase();
  log.info('shutting down: database closed; bye');
  return { cutConnections };
}
