/**
 * A floor for the status benchmark, plain JavaScript run with plain `node` (no tsx, no build), the
 * way the compiled service runs: the same MongoDB read as `connection.status` on a MongoClient of
 * its own, with the driver's defaults and the service's pool size, and nothing of ours around it.
 *
 *   node bench/floors/status-floor.mjs trpc   tRPC's standalone adapter, `connection.status` at /trpc/
 *   node bench/floors/status-floor.mjs koa    a bare Koa route at /status (no tRPC)
 *
 * The user is named by a `sub` query parameter. Environment: BENCH_MONGODB_URI, BENCH_DB,
 * BENCH_ISSUER. Prints one JSON line `{"url": …}` once listening; SIGTERM closes and exits (so
 * `--cpu-prof` writes its profile).
 */
import { createServer } from 'node:http';
import { initTRPC } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import Koa from 'koa';
import { MongoClient } from 'mongodb';

const kind = process.argv[2];
const { BENCH_MONGODB_URI: uri, BENCH_DB: dbName, BENCH_ISSUER: issuer } = process.env;
if ((kind !== 'trpc' && kind !== 'koa') || !uri || !dbName || !issuer) {
  throw new Error('usage: BENCH_MONGODB_URI=… BENCH_DB=… BENCH_ISSUER=… node status-floor.mjs trpc|koa');
}

// The service's pool settings (server/config.ts defaults), so both keep the same sockets warm.
const mongo = new MongoClient(uri, { minPoolSize: 20, maxPoolSize: 100, appName: `status-floor-${kind}` });
await mongo.connect();
const connections = mongo.db(dbName).collection('connections');

/** The same filter and answer shape as the service's `connection.status`. */
async function statusOf(sub) {
  const doc = await connections.findOne({ userIss: issuer, userSub: sub });
  return doc
    ? { state: doc.state, scope: doc.scope, authorizedAt: doc.authorizedAt.toISOString(), connectedAt: doc.connectedAt?.toISOString() ?? null }
    : { state: 'not_connected', scope: [], authorizedAt: null, connectedAt: null };
}

let server;
if (kind === 'trpc') {
  const t = initTRPC.context().create();
  const router = t.router({ connection: t.router({ status: t.procedure.query(({ ctx }) => statusOf(ctx.sub)) }) });
  server = createHTTPServer({
    router,
    basePath: '/trpc/',
    createContext: ({ req }) => ({ sub: new URL(req.url ?? '/', 'http://floor').searchParams.get('sub') ?? '' }),
  });
} else {
  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.path !== '/status') return;
    ctx.body = await statusOf(typeof ctx.query.sub === 'string' ? ctx.query.sub : '');
  });
  server = createServer(app.callback());
}
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`);

process.once('SIGTERM', async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await mongo.close();
  process.exit(0);
});
