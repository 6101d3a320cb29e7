/**
 * The process under load, forked by the benchmarks so that its CPU and memory are its own: the real
 * connect service (startConnectService, production log level, log lines written to /dev/null the
 * way `npm start > /dev/null` would) and, beside it on another port, the bare baseline — a Koa route
 * doing the same MongoDB read as `connection.status`, without tRPC, auth or logging.
 *
 * Environment: BENCH_MONGODB_URI, BENCH_SERVICE_ENV (JSON, see serviceEnv), BENCH_LOG_DEST
 * (`/dev/null` or a file path). IPC: sends {type:'ready', serviceUrl, baselineUrl}; answers
 * {type:'memory', gc?} with process.memoryUsage() and process.cpuUsage(); {type:'stop'} closes and exits.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { pino } from 'pino';
import { startConnectService } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { ConnectionDocument } from '../../server/db/collections.js';
import { createLogger } from '../../server/logger.js';

export type ParentMessage = { type: 'memory'; gc?: boolean } | { type: 'stop' };
export type ChildMessage =
  | { type: 'ready'; serviceUrl: string; baselineUrl: string; pid: number }
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
baseline.use(async (ctx) => {
  if (ctx.path !== '/status') return;
  const sub = typeof ctx.query.sub === 'string' ? ctx.query.sub : '';
  const doc = await connections.findOne({ userIss: baselineIssuer, userSub: sub });
  ctx.body = doc
    ? { state: doc.state, scope: doc.scope, authorizedAt: doc.authorizedAt.toISOString(), connectedAt: doc.connectedAt?.toISOString() ?? null }
    : { state: 'not_connected', scope: [], authorizedAt: null, connectedAt: null };
});
const baselineServer = createServer(baseline.callback());
await new Promise<void>((resolve) => baselineServer.listen(0, '127.0.0.1', resolve));
const baselineUrl = `http://127.0.0.1:${(baselineServer.address() as AddressInfo).port}`;

process.on('message', async (message: ParentMessage) => {
  if (message.type === 'memory') {
    if (message.gc && typeof globalThis.gc === 'function') {
      globalThis.gc();
      globalThis.gc();
    }
    process.send!({ type: 'memory', usage: process.memoryUsage(), cpu: process.cpuUsage() } satisfies ChildMessage);
  } else if (message.type === 'stop') {
    await new Promise((resolve) => setTimeout(resolve, 300)); // let requests cut off by the load generator finish
    baselineServer.closeAllConnections();
    await new Promise<void>((resolve) => baselineServer.close(() => resolve()));
    await service.close();
    destination.flushSync();
    process.exit(0);
  }
});

process.send({ type: 'ready', serviceUrl: service.url, baselineUrl, pid: process.pid } satisfies ChildMessage);
