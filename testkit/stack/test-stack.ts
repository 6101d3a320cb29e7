/**
 * The whole service stack for Node tests, over real HTTP on 127.0.0.1: the HealthEx sandbox, a
 * fresh database on the run's MongoDB server, and the connect service, with test keys and one
 * trusted issuer (`https://salus.test`, pages on `https://app.salus.test`). Every log line is kept
 * in `logs` so tests can search them for secrets.
 */
import { randomBytes } from 'node:crypto';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { Db } from 'mongodb';
import { startSandbox, completeAuthorization, type Sandbox } from 'healthex-sandbox';
import { mintConnectToken } from '../../demo/host-backend/mint-connect-token.js';
import { startConnectService, type RunningConnectService } from '../../server/app.js';
import { loadConfig, type ConnectConfig } from '../../server/config.js';
import { freePort } from '../../server/net/free-port.js';
import { serviceSecretHash } from '../../server/backend-api/service-credentials.js';
import type { AppRouter } from '../../server/routers/app-router.js';
import { testDatabase } from './test-database.js';
import { capturingLogger, TEST_ISSUER, TEST_ORIGIN, TEST_RETURN_URL, testServiceEnv } from './test-service-env.js';

export { TEST_ISSUER, TEST_ORIGIN, TEST_RETURN_URL } from './test-service-env.js';

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
    ...testServiceEnv({ healthexIssuer: sandbox.issuer, dbName, issuerSecret, port: String(await freePort()), ...(options.host ? { host: options.host } : {}) }),
    SERVICE_CREDENTIALS: JSON.stringify([{ name: 'salus-test-backend', secretSha256: serviceSecretHash(serviceSecret), issuers: [TEST_ISSUER] }]),
    ...options.env,
  };
  const config: ConnectConfig = await loadConfig(env);
  const { log, logs } = capturingLogger(config.logLevel);
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
