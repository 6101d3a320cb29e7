/**
 * A floor for the status benchmark, plain JavaScript run with plain `node` (no tsx, no build), the
 * way the compiled service runs: the same MongoDB read as `connection.status` on a MongoClient of
 * its own, with the driver's defaults and the service's pool size, and nothing of ours around it.
 *
 *   node bench/floors/status-floor.mjs trpc   tRPC's standalone adapter, `connection.status` at /trpc/
 *   node bench/floors/status-floor.mjs koa    a bare Koa route at /status (no tRPC)
 *
 * Intermediate variants, for measuring one difference from the service at a time (bench/NOTES.md,
 * "The status path, compiled, against the tRPC floor"); each word after the kind adds one thing:
 *
 *   monitor      the MongoClient with `monitorCommands: true` and a `commandFailed` listener
 *   timeouts     the MongoClient with the service's other options (server/app.ts with the
 *                server/config.ts defaults): socket, connect and server-selection timeouts, maxConnecting
 *   in-koa       (trpc) the same router served by tRPC's node-http handler inside a Koa app, as
 *                server/http/trpc-route.ts serves it (no middleware, no responseMeta)
 *
 * The user is named by a `sub` query parameter. Environment: BENCH_MONGODB_URI, BENCH_DB,
 * BENCH_ISSUER. Prints one JSON line `{"url": …}` once listening; SIGTERM stops the listener, waits
 * for the reads in flight, then closes the client and exits (so `--cpu-prof` writes its profile).
 */
import { createServer } from 'node:http';
import { initTRPC } from '@trpc/server';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import Koa from 'koa';
import { MongoClient } from 'mongodb';

const [kind, ...variant] = process.argv.slice(2);
const { BENCH_MONGODB_URI: uri, BENCH_DB: dbName, BENCH_ISSUER: issuer } = process.env;
const VARIANTS = ['monitor', 'timeouts', 'in-koa'];
if ((kind !== 'trpc' && kind !== 'koa') || !uri || !dbName || !issuer || variant.some((word) => !VARIANTS.includes(word))) {
  throw new Error(`usage: BENCH_MONGODB_URI=… BENCH_DB=… BENCH_ISSUER=… node status-floor.mjs trpc|koa [${VARIANTS.join('] [')}]`);
}
const has = (word) => variant.includes(word);

// The service's pool settings (server/config.ts defaults), so both keep the same sockets warm.
const mongo = new MongoClient(uri, {
  minPoolSize: 20,
  maxPoolSize: 100,
  appName: `status-floor-${kind}`,
  ...(has('monitor') ? { monitorCommands: true } : {}),
  ...(has('timeouts') ? { socketTimeoutMS: 10_000, connectTimeoutMS: 10_000, serverSelectionTimeoutMS: 5_000, maxConnecting: 8 } : {}),
});
let failedCommands = 0;
if (has('monitor')) mongo.on('commandFailed', () => (failedCommands += 1));
await mongo.connect();
const connections = mongo.db(dbName).collection('connections');

/** Reads still running: shutdown waits for them before it closes the client. */
const reading = new Set();

/** The same filter and answer shape as the service's `connection.status`. */
async function statusOf(sub) {
  const read = connections.findOne({ userIss: issuer, userSub: sub });
  reading.add(read);
  try {
    const doc = await read;
    return doc
      ? { state: doc.state, scope: doc.scope, authorizedAt: doc.authorizedAt.toISOString(), connectedAt: doc.connectedAt?.toISOString() ?? null }
      : { state: 'not_connected', scope: [], authorizedAt: null, connectedAt: null };
  } finally {
    reading.delete(read);
  }
}

let server;
if (kind === 'trpc') {
  const t = initTRPC.context().create();
  const router = t.router({ connection: t.router({ status: t.procedure.query(({ ctx }) => statusOf(ctx.sub)) }) });
  const createContext = ({ req }) => ({ sub: new URL(req.url ?? '/', 'http://floor').searchParams.get('sub') ?? '' });
  if (has('in-koa')) {
    const app = new Koa();
    app.use(async (ctx, next) => {
      if (!ctx.path.startsWith('/trpc/')) return next();
      ctx.respond = false;
      ctx.res.statusCode = 200;
      await nodeHTTPRequestHandler({ req: ctx.req, res: ctx.res, router, path: ctx.path.slice('/trpc/'.length), createContext: () => createContext({ req: ctx.req }) });
    });
    server = createServer(app.callback());
  } else {
    server = createHTTPServer({ router, basePath: '/trpc/', createContext });
  }
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
  // The listener first, then the sockets (a read already sent still finishes), then the client:
  // closing it under a read in flight would fail that read (MongoClientClosedError) on the way out.
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  await closed;
  await Promise.allSettled([...reading]);
  await mongo.close();
  if (failedCommands > 0) process.stderr.write(`status floor: ${failedCommands} failed MongoDB commands\n`);
  process.exit(0);
});
