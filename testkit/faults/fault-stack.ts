/**
 * The service wired for fault tests: MongoDB behind a TCP proxy the test can cut, HealthEx played by
 * a fake whose token endpoint can fail or hang, and short timeouts so failures show within seconds.
 * `db` reads the database directly (not through the proxy), to check what was or was not written.
 */
import { randomBytes } from 'node:crypto';
import { createTRPCClient, httpLink } from '@trpc/client';
import { mintConnectToken } from '../../demo/host-backend/mint-connect-token.js';
import { startConnectService } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { freePort } from '../../server/net/free-port.js';
import { capturingLogger, TEST_ISSUER, TEST_ORIGIN, TEST_RETURN_URL, testServiceEnv } from '../stack/test-service-env.js';
import { testDatabase } from '../stack/test-database.js';
import type { AppRouter } from '../../server/routers/app-router.js';
import { startFakeHealthex } from '../fakes/fake-healthex.js';
import { startTcpProxy } from './tcp-proxy.js';

/** `mongodb://[user:pw@]host[:port][/db][?options]` with one host, rewritten to go through the proxy. */
export function proxiableUri(uri: string): { host: string; port: number; rewrite(port: number): string } | null {
  const match = /^mongodb:\/\/([^@/]*@)?([^/,?]+?)(?::(\d+))?(\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!match) return null;
  const [, credentials = '', host = '', port = '27017', path = '/', query = ''] = match;
  return {
    host: host.replace(/^\[|\]$/g, ''),
    port: Number(port),
    rewrite: (proxyPort) => `mongodb://${credentials}127.0.0.1:${proxyPort}${path}${query}${query ? '&' : '?'}directConnection=true`,
  };
}

export async function startFaultStack(options: { env?: Record<string, string> } = {}) {
  const healthex = await startFakeHealthex();
  const database = await testDatabase();
  const target = proxiableUri(database.uri);
  if (!target) throw new Error('fault tests need a single-host mongodb:// URI to put a proxy in front of');
  const proxy = await startTcpProxy(target);
  const issuerSecret = randomBytes(32);
  const config = await loadConfig({
    ...testServiceEnv({ healthexIssuer: healthex.issuer, dbName: database.dbName, issuerSecret, port: String(await freePort()) }),
    // Short, so outages answer within a test's patience.
    HEALTHEX_TIMEOUT_SECONDS: '2',
    MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1000',
    MONGODB_SOCKET_TIMEOUT_MS: '2000',
    ...options.env,
  });
  const { log, logs } = capturingLogger(config.logLevel);
  const service = await startConnectService({ config, mongodbUri: target.rewrite(proxy.port), log });

  const tokenFor = (subject: string) => mintConnectToken({ issuer: TEST_ISSUER, subject, secret: issuerSecret });
  const api = (token: string) =>
    createTRPCClient<AppRouter>({ links: [httpLink({ url: `${service.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}`, origin: TEST_ORIGIN }) })] });

  return {
    healthex,
    proxy,
    service,
    config,
    logs,
    db: database.client.db(database.dbName),
    tokenFor,
    api,
    /** Begin as `sub`, consent at the fake HealthEx as `patient`; returns the callback URL, not yet visited. */
    async authorize(sub: string, patient: string) {
      const { authorizationUrl } = await api(await tokenFor(sub)).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'redirect' });
      return healthex.authorize(authorizationUrl, patient);
    },
    get: (url: string | URL) => fetch(url, { redirect: 'manual' }),
    async close() {
      await proxy.restore();
      await service.close();
      await proxy.close();
      await healthex.close();
      await database.cleanup();
    },
  };
}

export type FaultStack = Awaited<ReturnType<typeof startFaultStack>>;
