/**
 * The service wired for fault tests: MongoDB behind a TCP proxy the test can cut, HealthEx played by
 * a fake whose token endpoint can fail or hang, and short timeouts so failures show within seconds.
 * `db` reads the database directly (not through the proxy), to check what was or was not written.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createTRPCClient, httpLink } from '@trpc/client';
import { mintConnectToken } from '../../demo/host-backend/mint-connect-token.js';
import { startConnectService } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { freePort } from '../../server/net/free-port.js';
import { TEST_ISSUER, TEST_ORIGIN, TEST_RETURN_URL } from '../stack/test-stack.js';
import { testDatabase } from '../stack/test-database.js';
import type { AppRouter } from '../../server/trpc/app-router.js';
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
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    HEALTHEX_ISSUER: healthex.issuer,
    HEALTHEX_TIMEOUT_SECONDS: '2',
    MONGODB_DB: database.dbName,
    MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1000',
    MONGODB_SOCKET_TIMEOUT_MS: '2000',
    TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    TOKEN_ENCRYPTION_ACTIVE_KEY: 'k1',
    CONNECT_TOKEN_ISSUERS: JSON.stringify([{ issuer: TEST_ISSUER, secret: issuerSecret.toString('base64url'), allowedOrigins: [TEST_ORIGIN] }]),
    RATE_LIMIT_BEGIN_PER_MINUTE: '100000',
    RATE_LIMIT_CALLBACK_PER_MINUTE: '100000',
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const logs: string[] = [];
  const log = createLogger(config.logLevel, new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }));
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
