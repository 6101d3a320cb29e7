/**
 * The process under load, forked by the benchmarks so that its CPU and memory are its own: the real
 * connect service (startConnectService, production log level, log lines written to /dev/null the
 * way `npm start > /dev/null` would) and, beside it on other ports, two floors doing the same MongoDB
 * read as `connection.status`: the bare baseline, a Koa route without tRPC, auth or logging; and the
 * tRPC floor, the same read as a tRPC query served by tRPC's own standalone adapter with no
 * middleware of ours (no auth, CORS, security headers, logging or error mapping): what any tRPC
 * service pays.
 *
 * Environment: BENCH_MONGODB_URI, BENCH_SERVICE_ENV (JSON, see serviceEnv), BENCH_LOG_DEST
 * (`/dev/null` or a file path). IPC: sends {type:'ready', serviceUrl, baselineUrl, trpcFloorUrl}; answers
 * {type:'memory', gc?} with process.memoryUsage() and process.cpuUsage(); {type:'stop'} closes and exits.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { initTRPC } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import Koa from 'koa';
import { pino } from 'pino';
import { startConnectService } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { ConnectionDocument } from '../../server/db/collections.js';
import { createLogger } from '../../server/logger.js';

export type ParentMessage = { type: 'memory'; gc?: boolean } | { type: 'stop' };
export type ChildMessage =
  | { type: 'ready'; serviceUrl: string; baselineUrl: string; trpcFloorUrl: string; pid: number }
  | { type: 'memory'; usage: NodeJS.MemoryUsage; cpu: NodeJS.CpuUsage };

const uri = process.env.BENCH_MONGODB_URI;
const env = process.env.BENCH_SERVICE_ENV;
if (!uri || !env || !process.send) throw new Error('service-process: run me with fork() from a benchmark');

const config = await loadConfig(JSON.parse(env) as Record<string, string>);
const destination = pino.destination({ dest: process.env.BENCH_LOG_DEST ?? '/dev/null', sync: true });
const log = createLogger(config.logLevel, destination);
const service = await startConnectService({ config, mongodbUri: uri, log });

// The baseline: the same findOne on the same client and collection, and the same answer shape.
const connections = service.mongo.db(config.mongodb.dbName).collection<ConnectionDocument>('connections');
const baselineIssuer = [...config.trustedIssuers.keys()][0]!;
const baseline = new Koa();
async function statusOf(sub: string) {
  const doc = await connections.findOne({ userIss: baselineIssuer, userSub: sub });
  return doc
    ? { state: doc.state, scope: doc.scope, authorizedAt: doc.authorizedAt.toISOString(), connectedAt: doc.connectedAt?.toISOString() ?? null }
    : { state: 'not_connected', scope: [], authorizedAt: null, connectedAt: null };
}
baseline.use(async (ctx) => {
  if (ctx.path !== '/status') return;
  ctx.body = await statusOf(typeof ctx.query.sub === 'string' ? ctx.query.sub : '');
});
const baselineServer = createServer(baseline.callback());
await new Promise<void>((resolve) => baselineServer.listen(0, '127.0.0.1', resolve));
const baselineUrl = `http://127.0.0.1:${(baselineServer.address() as AddressInfo).port}`;

// The tRPC floor: `connection.status` at the same path, the user named by a query parameter.
const t = initTRPC.context<{ sub: string }>().create();
const floorRouter = t.router({ connection: t.router({ status: t.procedure.query(({ ctx }) => statusOf(ctx.sub)) }) });
const trpcFloorServer = createHTTPServer({
  router: floorRouter,
  basePath: '/trpc/',
  createContext: ({ req }) => ({ sub: new URL(req.url ?? '/', 'http://floor').searchParams.get('sub') ?? '' }),
});
await new Promise<void>((resolve) => trpcFloorServer.listen(0, '127.0.0.1', resolve));
const trpcFloorUrl = `http://127.0.0.1:${(trpcFloorServer.address() as AddressInfo).port}`;

process.on('message', async (message: ParentMessage) => {
  if (message.type === 'memory') {
    if (message.gc && typeof globalThis.gc === 'function') {
      globalThis.gc();
      globalThis.gc();
    }
    process.send!({ type: 'memory', usage: process.memoryUsage(), cpu: process.cpuUsage() } satisfies ChildMessage);
  } else if (message.type === 'stop') {
    await new Promise((resolve) => setTimeout(resolve, 300)); // let requests cut off by the load generator finish
    for (const server of [baselineServer, trpcFloorServer]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await service.close();
    destination.flushSync();
    process.exit(0);
  }
});

process.send({ type: 'ready', serviceUrl: service.url, baselineUrl, trpcFloorUrl, pid: process.pid } satisfies ChildMessage);
