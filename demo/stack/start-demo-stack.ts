/**
 * Starts the whole local product: the database (embedded unless MONGODB_URI is set), the HealthEx
 * sandbox, and the connect service configured against it. Used by `npm start` (demo/start.ts) and
 * by the end-to-end tests. Ports are configurable; 0 picks free ones.
 */
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { startSandbox, type Sandbox } from '../sandbox/start-sandbox.js';
import { startConnectService, type RunningConnectService } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { startDatabase, type RunningDatabase } from '../../server/db/start-database.js';
import { freePort } from '../../server/net/free-port.js';
import { loadOrCreateDemoSecrets, type DemoSecrets } from './demo-secrets.js';

export const DEMO_SALUS_ISSUER = 'https://salusai.demo';
export const DEMO_PARTNER_ISSUER = 'https://partner.demo';

export interface DemoStackOptions {
  host?: string;
  connectPort?: number;
  sandboxPort?: number;
  /** Page origins of the two demo sites, allowed for their issuers' connect tokens. */
  salusOrigin: string;
  partnerOrigin: string;
  secretsFile?: string;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  mongodbDb?: string;
}

export interface DemoStack {
  database: RunningDatabase;
  sandbox: Sandbox;
  service: RunningConnectService;
  secrets: DemoSecrets;
  stop(): Promise<void>;
}

const DEFAULT_SECRETS_FILE = fileURLToPath(new URL('../../.demo-data/demo-secrets.json', import.meta.url));

export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const host = options.host ?? '127.0.0.1';
  const env = options.env ?? process.env;
  const secrets = await loadOrCreateDemoSecrets(options.secretsFile ?? DEFAULT_SECRETS_FILE);
  const database = await startDatabase(env);
  const started: Array<() => Promise<void>> = [() => database.stop()];
  try {
    const sandbox = await startSandbox({ host, port: options.sandboxPort ?? 0 });
    started.unshift(() => sandbox.close());
    const connectPort = options.connectPort || (await freePort(host));
    const config = await loadConfig({
      HOST: host,
      PORT: String(connectPort),
      HEALTHEX_ISSUER: sandbox.issuer,
      MONGODB_DB: options.mongodbDb ?? 'healthex_connect_demo',
      TOKEN_ENCRYPTION_KEYS: `demo:${secrets.encryptionKey}`,
      TOKEN_ENCRYPTION_ACTIVE_KEY: 'demo',
      CONNECT_TOKEN_ISSUERS: JSON.stringify([
        { issuer: DEMO_SALUS_ISSUER, secret: secrets.salusIssuerSecret, allowedOrigins: [options.salusOrigin] },
        { issuer: DEMO_PARTNER_ISSUER, secret: secrets.partnerIssuerSecret, allowedOrigins: [options.partnerOrigin] },
      ]),
      LOG_LEVEL: env.LOG_LEVEL ?? 'info',
    });
    const service = await startConnectService({ config, mongodbUri: database.uri, log: options.log });
    started.unshift(() => service.close());
    return {
      database,
      sandbox,
      service,
      secrets,
      async stop() {
        for (const stop of started) await stop().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const stop of started) await stop().catch(() => undefined);
    throw error;
  }
}
