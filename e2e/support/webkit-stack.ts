/**
 * The e2e stack (e2e-stack.ts) with WebKit instead of Chromium: one WebKitWebDriver on its own Xvfb
 * display per test file, and a fresh MiniBrowser session (own cookies and storage, like a new
 * browser context) for each test.
 */
import { afterAll, beforeAll } from 'vitest';
import { remote, type Browser } from 'webdriverio';
import { startWebKitDriver, webkitCapabilities, type WebKitDriver } from '../../testkit/webkit/webkit-driver.js';
import { startE2eStack, type E2eStack } from './e2e-stack.js';
import { WebKitPage } from './webkit-journey.js';

export interface WebKitE2e {
  stack: E2eStack;
  /** A new MiniBrowser at 1280 × 900 showing nothing yet, watched for problems on `siteOrigin`; closed after the file. */
  open(siteOrigin: string): Promise<WebKitPage>;
}

/** Fields are filled in by `beforeAll`: read them inside tests only. */
export function useWebKitE2eStack(): WebKitE2e {
  let driver: WebKitDriver | undefined;
  const sessions: Browser[] = [];
  const shared = {
    async open(siteOrigin: string) {
      if (!driver) throw new Error('the WebKit driver is not running');
      const browser = await remote({ hostname: driver.hostname, port: driver.port, capabilities: webkitCapabilities(), logLevel: 'error', connectionRetryCount: 1 });
      sessions.push(browser);
      const page = new WebKitPage(browser, siteOrigin);
      await page.setViewport(1280, 900);
      return page;
    },
  } as WebKitE2e;
  beforeAll(async () => {
    [shared.stack, driver] = await Promise.all([startE2eStack(), startWebKitDriver()]);
  }, 300_000);
  afterAll(async () => {
    for (const session of sessions) await session.deleteSession().catch(() => undefined);
    await driver?.stop();
    await shared.stack?.close();
  }, 60_000);
  return shared;
}
