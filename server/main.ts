/**
 * Entry point of the connect service: `tsx server/main.ts`. Reads the configuration from the
 * environment (see .env.example), starts, and stops cleanly on SIGINT/SIGTERM.
 */
import { startConnectService } from './app.js';
import { loadConfigOrExplain } from './config.js';
import { startDatabase } from './db/start-database.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
  const config = await loadConfigOrExplain();
  if (!config) process.exit(1);
  const log = createLogger(config.logLevel);
  const database = await startDatabase();
  try {
    const service = await startConnectService({ config, mongodbUri: database.uri, log });
    log.info({ url: service.url, database: database.kind }, 'connect service listening');
    const stop = async () => {
      await service.close();
      await database.stop();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    log.fatal((error as Error).message);
    await database.stop();
    process.exit(1);
  }
}

await main();
