/**
 * The framework apps in Chromium, through the same steps a patient takes (e2e/support/journey.ts):
 * the widget's banner, the host page's own "Connect with HealthEx" button calling `open()`, the
 * HealthEx popup, "Mark as connected". The host page shows the state its own
 * `healthex-status-change` handler received (`data-host-state`), so each test also proves that the
 * framework delivered the event to the app.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from '../../../e2e/support/e2e-stack.js';
import { REPO_ROOT } from '../../../testkit/processes/service-process.js';
import { button, completeAtHealthex, expectBanner, STEP_TIMEOUT_MS, TEXT, watchPage, type PageProblems } from '../../../e2e/support/journey.js';

export { launchChromium, TEXT };

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts/frameworks');

export async function openApp(browser: Browser, url: string, origin: string): Promise<{ page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = await watchPage(page, origin);
  await page.goto(url);
  return { page, problems };
}

/** The state the app's own event handler last received. */
export async function expectHostState(page: Page, state: string): Promise<void> {
  await expect.poll(() => page.locator('[data-host-state]').getAttribute('data-host-state'), { timeout: STEP_TIMEOUT_MS, interval: 100 }).toBe(state);
}

export async function expectNotConnected(page: Page): Promise<void> {
  await expectBanner(page, TEXT.notConnected);
  await expectHostState(page, 'not_connected');
}

/** The host's own button opens HealthEx in a popup (element.open()); allow there; confirm in the widget. */
export async function connectThroughPopup(page: Page, sandboxOrigin: string): Promise<void> {
  const popupOpened = page.waitForEvent('popup', { timeout: STEP_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Connect with HealthEx', exact: true }).click();
  const popup = await popupOpened;
  await completeAtHealthex(popup, { login: 'ava@sandbox.healthex.test', decision: 'allow', sandboxOrigin });
  if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: STEP_TIMEOUT_MS });
  await expectBanner(page, TEXT.authorized);
  await button(page, TEXT.confirm).click();
  await expectBanner(page, TEXT.connected);
  await expectHostState(page, 'connected');
}

/** No console error or uncaught exception on the app's pages (the widget's own warnings aside). */
export function expectQuietPage(problems: PageProblems): void {
  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
}

/** On a failed step: a screenshot in test-artifacts/frameworks/ and what the page said, in the error. */
export async function explainFailure(page: Page, problems: PageProblems, name: string, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `${name}-failure.png`) }).catch(() => undefined);
    const text = await page.evaluate(() => `${document.body.innerText} | widget: ${document.querySelector('healthex-connect')?.shadowRoot?.textContent ?? '(no shadow root)'}`).catch(() => '(page gone)');
    throw new Error(`${name}: ${(error as Error).message}\npage: ${text.replace(/\s+/g, ' ').slice(0, 1500)}\nproblems: ${JSON.stringify({ ...problems, violations: undefined })}`);
  }
}
