/**
 * The demo stack (demo/stack/start-demo-stack.ts, the very one `npm start` runs) on free ports,
 * against the test run's database server with a fresh database, plus a Chromium from Debian driven
 * by playwright-core, and what the journeys need to look behind the scenes: the tokens stored for a
 * user (to ask the sandbox whether they were revoked) and the back-end API's answer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { userKeyString, type UserKey } from '../../server/identity/user-key.js';
import { createLogger } from '../../server/logger.js';
import { testDatabase } from '../../testkit/stack/test-database.js';
import { backendApiPersonalisation } from '../../demo/salus-site/personalisation.js';
import { DEMO_PARTNER_ISSUER, startDemoStack, type DemoStack } from '../../demo/stack/start-demo-stack.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    timeout: 30_000,
  });
}

export interface E2eStack extends DemoStack {
  /** The HealthEx tokens stored (sealed) for a user, opened; null when none are stored. */
  storedTokens(user: UserKey): Promise<{ accessToken: string; refreshToken: string | null } | null>;
  /** What the connect service's back-end API says, over HTTP with the user's host site's demo service credential. */
  isConnected(user: UserKey): Promise<boolean>;
  close(): Promise<void>;
}

export async function startE2eStack(): Promise<E2eStack> {
  const database = await testDatabase();
  const secretsDir = await mkdtemp(join(tmpdir(), 'healthex-e2e-'));
  const log = createLogger(process.env.E2E_LOG_LEVEL ?? 'error');
  let stack: DemoStack;
  try {
    stack = await startDemoStack({
      host: '127.0.0.1',
      log,
      env: { MONGODB_URI: database.uri, LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'error' },
      mongodbDb: database.dbName,
      secretsFile: join(secretsDir, 'demo-secrets.json'),
    });
  } catch (error) {
    await database.cleanup();
    await rm(secretsDir, { recursive: true, force: true });
    throw error;
  }
  // Each host site's back end asks with its own credential: a credential acts only for its own site's users.
  const salusBackend = backendApiPersonalisation({ connectUrl: stack.service.url, serviceSecret: stack.secrets.salusServiceSecret });
  const partnerBackend = backendApiPersonalisation({ connectUrl: stack.service.url, serviceSecret: stack.secrets.partnerServiceSecret });
  const isConnected = (user: UserKey) => (user.iss === DEMO_PARTNER_ISSUER ? partnerBackend(user) : salusBackend(user));
  return {
    ...stack,
    async storedTokens(user) {
      const document = await stack.service.collections.connections.findOne({ userIss: user.iss, userSub: user.sub });
      if (!document?.sealedAccessToken) return null;
      const owner = userKeyString(user);
      const accessToken = stack.config.keyRing.open(document.sealedAccessToken, { purpose: 'access_token', owner });
      const refreshToken = document.sealedRefreshToken ? stack.config.keyRing.open(document.sealedRefreshToken, { purpose: 'refresh_token', owner }) : null;
      return { accessToken, refreshToken };
    },
    isConnected,
    async close() {
      await stack.stop();
      await database.cleanup();
      await rm(secretsDir, { recursive: true, force: true });
    },
  };
}

/**
 * One stack and one browser per test file, started before its tests and stopped after them. The
 * returned object's fields are filled in by `beforeAll`, so read them inside tests only.
 */
export function useE2eStack(): { stack: E2eStack; browser: Browser } {
  const shared = {} as { stack: E2eStack; browser: Browser };
  beforeAll(async () => {
    [shared.stack, shared.browser] = await Promise.all([startE2eStack(), launchChromium()]);
  }, 300_000);
  afterAll(async () => {
    await shared.browser?.close();
    await shared.stack?.close();
  });
  return shared;
}
