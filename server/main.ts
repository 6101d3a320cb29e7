/**
 * Entry point of the connect service. Production: `npm run build` then `node server/dist/main.js`
 * (after `npm ci --omit=dev`); development: `tsx server/main.ts`. Reads the configuration from the
 * environment (see .env.example), refuses to start half-configured (with NODE_ENV=production: see
 * production-readiness.ts), serves /metrics on its own port, and shuts down gracefully on
 * SIGTERM/SIGINT (lifecycle/graceful-shutdown.ts).
 */
import { startConnectService } from './app.js';
import { ConfigError, loadConfigOrExplain } from './config.js';
import { startDatabase } from './db/start-database.js';
import { loadOperationsConfig, type OperationsConfig } from './lifecycle/operations-config.js';
import { createLogger } from './logger.js';
import { startMetricsServer } from './metrics/metrics-server.js';
import { createMetrics } from './metrics/metrics.js';

function operationsConfigOrExplain(): OperationsConfig | null {
  try {
    return loadOperationsConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return null;
  }
}

async function main(): Promise<void> {
  const config = await loadConfigOrExplain();
  const operations = operationsConfigOrExplain();
  if (!config || !operations) process.exit(1);
  const log = createLogger(config.logLevel);
  // Production always has MONGODB_URI (the readiness check); only the demo and tests start an engine.
  const database = await startDatabase();
  try {
    const metrics = createMetrics({ defaultMetrics: true });
    const service = await startConnectService({ config, mongodbUri: database.uri, log, metrics });
    const metricsServer = operations.metrics ? await startMetricsServer(metrics.registry, operations.metrics) : null;
    log.info({ url: service.url, database: database.kind, metrics: metricsServer?.url ?? 'off' }, 'connect service listening');

    let stopping = false;
    const stop = async (signal: NodeJS.Signals) => {
      if (stopping) return; // a second signal while draining changes nothing
      stopping = true;
      log.info({ signal }, 'signal received');
      const { cutConnections } = await service.shutdown(operations.shutdown);
      await metricsServer?.close();
      await database.stop();
      process.exit(cutConnections ? 1 : 0);
    };
    process.on('SIGINT', (signal) => void stop(signal));
    process.on('SIGTERM', (signal) => void stop(signal));
  } catch (error) {
    log.fatal((error as Error).message);
    await database.stop();
    process.exit(1);
  }
}

await main();
