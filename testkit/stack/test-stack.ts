/**
 * The whole service stack for Node tests, over real HTTP on 127.0.0.1: the HealthEx sandbox, a
 * fresh database on the run's MongoDB server, and the connect service, with test keys and one
 * trusted issuer (`https://salus.test`, pages on `https://app.salus.test`). Every log line is kept
 * in `logs` so tests can search them for secrets.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { Db } from 'mongodb';
import { startSandbox, type Sandbox } from '../../demo/sandbox/start-sandbox.js';
import { completeAuthorization } from '../../demo/sandbox/complete-authorization.js';
import { mintConnectToken } from '../../demo/host-backend/mint-connect-token.js';
import { startConnectService, type RunningConnectService } from '../../server/app.js';
import { loadConfig, type ConnectConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { freePort } from '../../server/net/free-port.js';
import { serviceSecretHash } from '../../server/backend-api/service-credentials.js';
import type { AppRouter } from '../../server/trpc/app-router.js';
import { testDatabase } from './test-database.js';

export const TEST_ISSUER = 'https://salus.test';
export const TEST_ORIGIN = 'https://app.salus.test';
export const TEST_RETURN_URL = `${TEST_ORIGIN}/precision-medicine?tab=records`;

export interface TestStackOptions {
  accessTokenTtlSeconds?: number;
  env?: Record<string, string>;
  /** Reuse a database (to restart the service on the same data). */
  dbName?: string;
  /** Reuse a sandbox (to restart only the service). */
  sandbox?: Sandbox;
  /** The test host's name and home page, as a host configures them (the pages' brand and fallback link). */
  host?: { displayName?: string; homeUrl?: string };
}

export async function startTestStack(options: TestStackOptions = {}) {
  const sandbox = options.sandbox ?? (await startSandbox({ accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600 }));
  const database = await testDatabase();
  const dbName = options.dbName ?? database.dbName;
  const issuerSecret = randomBytes(32);
  // A Salus back-end service credential (any feature) for the back-end API; only its hash is configured.
  const serviceSecret = randomBytes(32).toString('base64url');
  const env = {
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    HEALTHEX_ISSUER: sandbox.issuer,
    MONGODB_DB: dbName,
    TOKEN_ENCRYPTION_KEYS: `test1:${randomBytes(32).toString('base64')}`,
    TOKEN_ENCRYPTION_ACTIVE_KEY: 'test1',
    CONNECT_TOKEN_ISSUERS: JSON.stringify([{ issuer: TEST_ISSUER, secret: issuerSecret.toString('base64url'), allowedOrigins: [TEST_ORIGIN], ...options.host }]),
    LOG_LEVEL: 'debug',
    // Generous, so flows that begin many times are not rate limited; tests of the limits set their own.
    RATE_LIMIT_BEGIN_PER_MINUTE: '100000',
    RATE_LIMIT_CALLBACK_PER_MINUTE: '100000',
    SERVICE_CREDENTIALS: JSON.stringify([{ name: 'salus-test-backend', secretSha256: serviceSecretHash(serviceSecret), issuers: [TEST_ISSUER] }]),
    ...options.env,
  };
  const config: ConnectConfig = await loadConfig(env);
  const logs: string[] = [];
  const log = createLogger(config.logLevel, new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }));
  const service: RunningConnectService = await startConnectService({ config, mongodbUri: database.uri, log });
  const db: Db = service.mongo.db(dbName);

  async function tokenFor(subject: string, overrides: Partial<Parameters<typeof mintConnectToken>[0]> = {}) {
    return mintConnectToken({ issuer: TEST_ISSUER, subject, secret: issuerSecret, ...overrides });
  }

  /** A typed tRPC client over real HTTP, as the widget would use it (with the page's Origin). */
  function api(token: string | null, origin: string | null = TEST_ORIGIN) {
    return createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: `${service.url}/trpc`,
          headers: () => ({ ...(token ? { authorization: `Bearer ${token}` } : {}), ...(origin ? { origin } : {}) }),
        }),
      ],
    });
  }

  /** Begin → the sandbox's pages as a browser would post them → the callback URL HealthEx sends back. */
  async function authorizeAtSandbox(token: string, patient = 'ava@sandbox.healthex.test', decision: 'allow' | 'deny' = 'allow', mode: 'popup' | 'redirect' = 'redirect') {
    const { authorizationUrl } = await api(token).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode });
    return completeAuthorization(authorizationUrl, { username: patient, decision });
  }

  return {
    sandbox,
    service,
    config,
    db,
    dbName,
    env,
    logs,
    issuerSecret,
    serviceSecret,
    tokenFor,
    api,
    authorizeAtSandbox,
    /** GET a URL on the service without following redirects. */
    get: (url: string | URL, init: RequestInit = {}) => fetch(url, { redirect: 'manual', ...init }),
    async close(how: { keepSandbox?: boolean; keepData?: boolean } = {}) {
      await service.close();
      if (how.keepData) await database.client.close();
      else await database.cleanup();
      if (!how.keepSandbox && !options.sandbox) await sandbox.close();
    },
  };
}

export type TestStack = Awaited<ReturnType<typeof startTestStack>>;

/** The app error code of a failed tRPC call. */
export async function appCodeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return (error.data as { appCode?: string } | undefined)?.appCode ?? 'NO_APP_CODE';
    throw error;
  }
  throw new Error('expected the call to fail');
}
