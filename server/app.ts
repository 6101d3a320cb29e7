/**
 * Builds the connect service from its parts: `createConnectApp` wires a Koa app to a database;
 * `startConnectService` also connects to MongoDB, creates indexes and listens. The entry point
 * (main.ts) only reads the configuration and calls it.
 */
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Koa from 'koa';
import { MongoClient, type Db } from 'mongodb';
import type { Logger } from 'pino';
import { createActivityLog } from './activity/activity-log.js';
import { startAuditCheckpoints } from './audit/audit-checkpoints.js';
import { createMongoAuditLog } from './audit/mongo-audit-log.js';
import { createBackendApi } from './backend-api/backend-api.js';
import { backendRoutes } from './backend-api/backend-routes.js';
import type { ConnectConfig } from './config.js';
import { createAccessTokens } from './connections/access-tokens.js';
import { createLinkBegin } from './connections/begin-from-link.js';
import { createAuthorizationCallback } from './connections/complete-authorization.js';
import { createConnectionService } from './connections/create-connection-service.js';
import { createConnectionStore } from './connections/connection-store.js';
import { createPendingAuthorizations } from './connections/pending-authorizations.js';
import { createRevocationOutbox } from './connections/revocation-outbox.js';
import { createRevocationWorker } from './connections/revocation-worker.js';
import { createRevokeLater } from './connections/revoke-later.js';
import { registerOutboxGauges } from './metrics/outbox-gauges.js';
import { checkStoredKeys } from './crypto/stored-keys-check.js';
import { collectionsOf, ensureIndexes } from './db/collections.js';
import { countingFailures } from './db/failure-counting-db.js';
import { authorizationRoutes } from './http/authorization-routes.js';
import { bodyLimit } from './http/body-limit.js';
import { apiCors } from './http/cors.js';
import { healthRoutes } from './http/health-routes.js';
import { rootPageRoutes } from './http/root-page.js';
import { closeConnectionsWhileDraining, createLifecycle, drainAndClose, trackRequests } from './lifecycle/graceful-shutdown.js';
import { trpcMethodsOnly, unservedMethods } from './http/method-not-allowed.js';
import { rateLimit } from './http/rate-limit.js';
import { createRequestLimits } from './limits/shared-limits.js';
import { requestContext } from './http/request-context.js';
import { securityHeaders } from './http/security-headers.js';
import { trpcRoute } from './http/trpc-route.js';
import { widgetAssetRoutes } from './http/widget-assets.js';
import { verifyConnectToken } from './identity/connect-token.js';
import { createHealthexClient } from './oauth/healthex-client.js';
import { httpMetrics } from './metrics/http-metrics.js';
import { countingAuditLog } from './metrics/metrics-audit-log.js';
import { createMetrics, type ConnectMetrics } from './metrics/metrics.js';
import { createMcpRecordsClient } from './records/mcp-records-client.js';
import { createRecordsService } from './records/records-service.js';
import type { ConnectServices } from './services.js';

// The widget package's build (healthex-connect's dist/), found through Node's package resolution, so it
// is right from server/app.ts, from server/dist/app.js and from an installed copy of the service.
export const DEFAULT_WIDGET_DIST = join(dirname(createRequire(import.meta.url).resolve('healthex-connect/package.json')), 'dist');

export async function createConnectApp(options: {
  config: ConnectConfig;
  db: Db;
  log: Logger;
  widgetDistDir?: string;
  /** Prometheus counters (a fresh registry when absent); served by metrics/metrics-server.ts. */
  metrics?: ConnectMetrics;
}) {
  const { config, db, log } = options;
  const collections = collectionsOf(db);
  const metrics = options.metrics ?? createMetrics();
  const lifecycle = createLifecycle();
  // Every audited event is counted as it is recorded, so the counters follow what happened.
  // This process's own audit chain: appends never contend with another process (docs/SCALING.md).
  const auditWriter = createMongoAuditLog(collections, log, {
    counters: {
      stored: (count) => metrics.auditWrites.inc({ outcome: 'stored' }, count),
      retried: () => metrics.auditWrites.inc({ outcome: 'retried' }),
      failed: (count) => metrics.auditWrites.inc({ outcome: 'failed' }, count),
    },
  });
  const auditCheckpoints = startAuditCheckpoints({ writer: auditWriter, collections, log, intervalMs: config.audit.checkpointSeconds * 1000 });
  const audit = countingAuditLog(auditWriter, metrics);
  const healthex = createHealthexClient({
    ...config.healthex,
    redirectUri: config.redirectUri,
    registrations: collections.oauthClients,
    log,
  });
  const store = createConnectionStore(collections.connections, config.keyRing);
  const pending = createPendingAuthorizations(collections.pendingAuthorizations, config.keyRing, config.pendingAuthorizationTtlSeconds);
  // Every token we stop keeping goes through the revocation outbox, sent by a worker in each process.
  const outbox = createRevocationOutbox({ collection: collections.revocationJobs, keyRing: config.keyRing, giveUpAfterMs: config.revocations.giveUpAfterMs });
  const revocationWorker = createRevocationWorker({ outbox, healthex, audit, log, ...config.revocations, requestTimeoutMs: config.healthex.timeoutSeconds * 1000 });
  const revokeLater = createRevokeLater({ outbox, worker: revocationWorker, store, audit, log, firstAttemptWaitMs: config.revocations.firstAttemptWaitMs });
  registerOutboxGauges(metrics.registry, outbox);
  const connections = createConnectionService({ store, pending, healthex, revokeLater, audit, log });
  const accessTokens = createAccessTokens({ store, healthex, revokeLater, audit, log, refreshSkewSeconds: config.refreshSkewSeconds });
  // The back-end API for Salus services, HealthEx records over MCP, the patient's access log.
  const mcp = createMcpRecordsClient({ url: config.records.mcpUrl, timeoutSeconds: config.healthex.timeoutSeconds, clientName: config.healthex.clientName });
  const backendApi = createBackendApi({ store, accessTokens, mcp, audit, log });
  const records = createRecordsService({ store, backend: backendApi, audit, cacheSeconds: config.records.summaryCacheSeconds, log });
  const activity = createActivityLog(collections.auditEvents);
  const limits = createRequestLimits({
    store: config.limits.store,
    db,
    perMinute: { begin: config.limits.beginPerMinute, callback: config.limits.callbackPerMinute },
    audit,
    onRefusal: (route) => metrics.rateLimitRefusals.inc({ route }),
  });
  const services: ConnectServices = { connections, audit, limits, records, activity, freshTokenSeconds: config.connectToken.freshSeconds };
  const beginFromLink = createLinkBegin({ verifyToken: (token) => verifyConnectToken(token, config.trustedIssuers, config.connectToken), connections, audit });
  const completeAuthorization = createAuthorizationCallback({ issuer: config.healthex.issuer, redirectUri: config.redirectUri, pending, healthex, connections, audit });

  const app = new Koa();
  app.silent = true; // errors are logged by requestContext, once, without secrets
  // Client addresses (rate limits, logs) come from the socket unless one trusted proxy hop adds them.
  app.proxy = config.trustProxy;
  app.maxIpsCount = 1;
  const widget = await widgetAssetRoutes(options.widgetDistDir ?? DEFAULT_WIDGET_DIST, log);
  const routers = [rootPageRoutes(config.trustedIssuers.values()), healthRoutes(db, lifecycle), authorizationRoutes({ beginFromLink, completeAuthorization, hosts: config.trustedIssuers.values() }), widget.router, backendRoutes({ api: backendApi, credentials: config.serviceCredentials, audit, mcpUrl: config.records.mcpUrl })];

  app.use(httpMetrics(metrics));
  app.use(closeConnectionsWhileDraining(lifecycle));
  app.use(requestContext(log));
  app.use(securityHeaders({ https: config.publicUrl.startsWith('https:') }));
  app.use(apiCors(config.allowedOrigins)); // before the refusals below, so the widget can read them
  app.use(bodyLimit(config.limits.requestBodyBytes));
  app.use(rateLimit(limits)); // the plain routes; tRPC calls are limited per call inside tRPC
  app.use(trpcMethodsOnly());
  app.use(trpcRoute(config, services));
  app.use(unservedMethods());
  for (const router of routers) app.use(router.routes()).use(router.allowedMethods());

  return { app, services, collections, healthex, accessTokens, backendApi, widget: widget.manifest, metrics, lifecycle, revocationWorker, outbox, revokeLater, auditWriter, auditCheckpoints };
}

export type ConnectApp = Awaited<ReturnType<typeof createConnectApp>>;

export interface RunningConnectService extends ConnectApp {
  url: string;
  server: Server;
  mongo: MongoClient;
  close(): Promise<void>;
  /** Graceful shutdown (lifecycle/graceful-shutdown.ts): readiness 503, drain, then MongoDB closes. */
  shutdown(options: { delayMs: number; deadlineMs: number }): Promise<{ cutConnections: boolean }>;
}

/** Connects to MongoDB (failing fast with a clear message), creates indexes and listens. */
export async function startConnectService(options: {
  config: ConnectConfig;
  mongodbUri: string;
  log: Logger;
  widgetDistDir?: string;
  metrics?: ConnectMetrics;
  /**
   * The driver's command events on `mongo` (commandStarted/Succeeded/Failed), for benchmarks that
   * time commands. Off in the service: they cost ~40 µs of CPU per command (db/failure-counting-db.ts).
   */
  monitorCommands?: boolean;
}): Promise<RunningConnectService> {
  const { config, log } = options;
  const metrics = options.metrics ?? createMetrics();
  const mongo = new MongoClient(options.mongodbUri, {
    serverSelectionTimeoutMS: config.mongodb.serverSelectionTimeoutMs,
    // Bounds an operation (and a connection handshake) on a database that went silent; the driver
    // error that follows answers 503 like any other outage.
    socketTimeoutMS: config.mongodb.socketTimeoutMs,
    connectTimeoutMS: config.mongodb.socketTimeoutMs,
    appName: 'healthex-connect',
    ...config.mongodb.pool,
    monitorCommands: options.monitorCommands ?? false,
  });
  // Failed operations are counted as they reach us (failure-counting-db.ts); the pool's own events
  // (no command monitoring needed) add check-outs that failed and pools cleared after a network
  // error, which a retried operation that then succeeded would not show.
  const countFailure = (command: string) => metrics.mongodbErrors.inc({ command });
  mongo.on('connectionCheckOutFailed', () => countFailure('connection_checkout'));
  mongo.on('connectionPoolCleared', () => countFailure('pool_cleared'));
  try {
    await mongo.connect();
    await mongo.db(config.mongodb.dbName).command({ ping: 1 });
  } catch (error) {
    await mongo.close().catch(() => undefined);
    throw new Error(`MongoDB is unreachable at ${redactUri(options.mongodbUri)}: ${(error as Error).message}`);
  }
  const db = countingFailures(mongo.db(config.mongodb.dbName), countFailure);
  const connectApp = await createConnectApp({ config, db, log, metrics, ...(options.widgetDistDir ? { widgetDistDir: options.widgetDistDir } : {}) });
  await ensureIndexes(connectApp.collections);
  await connectApp.services.limits.ensureIndexes();
  try {
    // Every stored value must open with this key ring, or the service does not start (never ready).
    await checkStoredKeys(connectApp.collections, config.keyRing);
  } catch (error) {
    await mongo.close().catch(() => undefined);
    throw error;
  }

  connectApp.revocationWorker.start();
  const server = createServer(connectApp.app.callback());
  const requests = trackRequests(server);
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    ...connectApp,
    url: `http://${config.host}:${port}`,
    server,
    mongo,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      // The worker first: a revocation it finishes is audited, and the last checkpoint binds that event too.
      await connectApp.revocationWorker.stop();
      await stopAuditCheckpoints(connectApp, log);
      await mongo.close();
    },
    shutdown: (timings) =>
      drainAndClose(
        {
          lifecycle: connectApp.lifecycle,
          server,
          requests,
          // A pass in progress finishes first; what it did not reach stays in the outbox for the others.
          closeDatabase: async () => {
            await connectApp.revocationWorker.stop();
            await stopAuditCheckpoints(connectApp, log);
            await mongo.close();
          },
        },
        { ...timings, log },
      ),
  };
}

/** The last head and checkpoint before the database closes; on failure (logged) the newest events stay unbound, which audit:verify counts. */
async function stopAuditCheckpoints(connectApp: ConnectApp, log: Logger): Promise<void> {
  await connectApp.auditCheckpoints.stop().catch((error: unknown) => log.warn({ err: error }, 'the final audit checkpoint failed'));
}

/** A MongoDB URI without its password, for error messages. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}
