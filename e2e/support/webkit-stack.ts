/**
 * The e2e stack (e2e-stack.ts) with WebKit instead of Chromium: one WebKitWebDriver on its own Xvfb
 * display per test file, and a fresh MiniBrowser session (own cookies and storage, like a new
 * browser context) for each test, ended after it (WebKitWebDriver serves one session at a time).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { remote, type Browser } from 'webdriverio';
import { startWebKitDriver, webkitCapabilities, type WebKitDriver } from '../../testkit/webkit/webkit-driver.js';
import { startE2eStack, type E2eStack } from './e2e-stack.js';
import { ARTIFACTS_DIR } from './journey.js';
import { WebKitPage } from './webkit-journey.js';

export interface WebKitE2e {
  stack: E2eStack;
  /** A new MiniBrowser at 1280 × 900 showing nothing yet, watched for problems on `siteOrigin`; closed after the test. */
  open(siteOrigin: string): Promise<WebKitPage>;
}

async function saveFailureShot(session: Browser, testName: string): Promise<void> {
  const dir = join(ARTIFACTS_DIR, 'webkit', 'failures');
  await mkdir(dir, { recursive: true });
  await session.saveScreenshot(join(dir, `${testName.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}.png`)).catch(() => undefined);
}

const COMMAND_TIMEOUT_MS = 45_000;
const END_TIMEOUT_MS = 15_000;

/** The promise's value, or false once `ms` have passed or it fails. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | false> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.catch(() => false as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Fields are filled in by `beforeAll`: read them inside tests only. */
export function useWebKitE2eStack(): WebKitE2e {
  let driver: WebKitDriver | undefined;
  const sessions: Browser[] = [];
  const shared = {
    async open(siteOrigin: string) {
      if (!driver) throw new Error('the WebKit driver is not running');
      // A command WebKit never answers fails after COMMAND_TIMEOUT_MS, naming itself, well inside
      // the test's own timeout (WebdriverIO's default waits 120 s, the length of a whole test).
      const browser = await remote({
        hostname: driver.hostname,
        port: driver.port,
        capabilities: webkitCapabilities(),
        logLevel: 'error',
        connectionRetryCount: 1,
        connectionRetryTimeout: COMMAND_TIMEOUT_MS,
      });
      sessions.push(browser);
      const page = new WebKitPage(browser, siteOrigin);
      await page.setViewport(1280, 900);
      return page;
    },
  } as WebKitE2e;
  beforeAll(async () => {
    [shared.stack, driver] = await Promise.all([startE2eStack(), startWebKitDriver()]);
  }, 300_000);
  afterEach(async (context) => {
    const failed = context.task.result?.state === 'fail';
    let stuck = false;
    for (const session of sessions.splice(0)) {
      // What the browser showed when a test failed, for the CI artefacts.
      if (failed) await withTimeout(saveFailureShot(session, context.task.name), END_TIMEOUT_MS);
      stuck = !(await withTimeout(session.deleteSession().then(() => true), END_TIMEOUT_MS)) || stuck;
    }
    // The driver serves one session at a time: one it cannot end would refuse every later test's
    // ("Maximum number of active sessions"), so a fresh driver and MiniBrowser take its place.
    if (stuck && driver) {
      await driver.stop();
      driver = await startWebKitDriver();
    }
  }, 90_000);
  afterAll(async () => {
    await driver?.stop();
    await shared.stack?.close();
  }, 60_000);
  return shared;
}
