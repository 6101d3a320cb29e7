/**
 * The partner page's journey (script tag + SRI, strict CSP, popup mode) in WebKit, Safari's engine,
 * through WebDriver: the HealthEx popup opened inside a real click, the waiting state's "Show the
 * HealthEx window" and Cancel, the result posted back by message, the deny path, and WebKit's own
 * popup blocker (a click that is no user gesture) sending the patient to HealthEx in this tab. No
 * page error, and no CSP report at the partner's endpoint. Every state is photographed at 1280 and
 * 375 px.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PARTNER_ISSUER } from '../demo/stack/start-demo-stack.js';
import { TEXT } from './support/journey.js';
import { completeAtHealthex, WebKitShots, type WebKitPage } from './support/webkit-journey.js';
import { expectRevokedAtHealthex } from './support/revocation.js';
import { useWebKitE2eStack } from './support/webkit-stack.js';

const e2e = useWebKitE2eStack();
const POPUP_TIMEOUT_MS = 15_000;

async function expectNoProblems(page: WebKitPage): Promise<void> {
  await page.expectNoProblems();
  expect(e2e.stack.partner.cspReports).toEqual([]);
}

/** Clicks Authorize for real and waits for the HealthEx window; returns its handle and this tab's. */
async function openPopup(page: WebKitPage): Promise<{ main: string; popup: string }> {
  const main = await page.browser.getWindowHandle();
  await (await page.button(TEXT.authorize)).click();
  let popup: string | undefined;
  await page.browser.waitUntil(
    async () => {
      popup = (await page.browser.getWindowHandles()).find((handle) => handle !== main);
      return popup !== undefined;
    },
    { timeout: POPUP_TIMEOUT_MS, interval: 100, timeoutMsg: 'the HealthEx window to open' },
  );
  // The waiting state, where the user clicked, with a way back to the window and a way out.
  await page.widget().shadow$('[part~="waiting"]').waitForDisplayed({ timeout: POPUP_TIMEOUT_MS });
  return { main, popup: popup! };
}

async function waitForWindows(page: WebKitPage, count: number, what: string): Promise<void> {
  await page.browser.waitUntil(async () => (await page.browser.getWindowHandles()).length === count, { timeout: POPUP_TIMEOUT_MS, interval: 100, timeoutMsg: what });
}

/** In the popup: HealthEx's pages, then back to this tab once the popup has closed itself. */
async function authorizeInPopup(page: WebKitPage, login: string, decision: 'allow' | 'deny', shots?: WebKitShots): Promise<void> {
  const windows = await openPopup(page);
  if (shots) await shots.take(page, 'waiting');
  await page.browser.switchToWindow(windows.popup);
  await completeAtHealthex(page, { login, decision, sandboxOrigin: e2e.stack.sandbox.issuer, ...(shots ? { shots } : {}) });
  await waitForWindows(page, 1, 'the HealthEx window to close itself');
  await page.browser.switchToWindow(windows.main);
}

describe('partner page in WebKit (script tag + SRI, strict CSP, popup mode)', () => {
  it('connects through the HealthEx popup, stays connected across a reload, and disconnects — revoking at HealthEx', async () => {
    const user = { iss: DEMO_PARTNER_ISSUER, sub: 'partner-member-ava' };
    const partner = e2e.stack.partner;
    const shots = new WebKitShots('partner');
    const page = await e2e.open(partner.origin);

    await page.signIn(partner.url, 'Ava Thompson');
    await page.expectBanner(TEXT.notConnected);
    expect(await page.text('.root')).not.toContain('Salus'); // the partner's own name
    await shots.take(page, 'not-connected');

    await authorizeInPopup(page, 'ava@sandbox.healthex.test', 'allow', shots);
    await page.expectBanner(TEXT.authorized);
    expect(await page.browser.getUrl()).toBe(partner.url); // this tab never left the partner page
    expect(await e2e.stack.isConnected(user)).toBe(false);
    await shots.take(page, 'authorized');

    await (await page.button(TEXT.confirm)).click();
    await page.expectBanner(TEXT.connected);
    expect(await e2e.stack.isConnected(user)).toBe(true);
    const tokens = await e2e.stack.storedTokens(user);
    expect(await e2e.stack.sandbox.introspect(tokens!.accessToken)).toMatchObject({ active: true, sub: 'patient-ava' });

    await page.reload();
    await page.expectBanner(TEXT.connected);
    await shots.take(page, 'connected');

    const revocationsBefore = e2e.stack.sandbox.stats().revocations;
    await page.widget().shadow$('[data-action="disconnect"]').click();
    await page.widget().shadow$('dialog h2').waitForDisplayed({ timeout: POPUP_TIMEOUT_MS });
    await shots.take(page, 'disconnect-dialog');
    await page.widget().shadow$('dialog [data-dialog-confirm]').click();
    await page.expectBanner(TEXT.disconnected);
    await shots.take(page, 'disconnected');
    expect(await e2e.stack.isConnected(user)).toBe(false);
    await expectRevokedAtHealthex(e2e.stack, tokens!, revocationsBefore);

    await expectNoProblems(page);
  }, 180_000);

  it('waiting for the HealthEx window: "Show the HealthEx window" brings back the same window, Cancel closes it and says so', async () => {
    const user = { iss: DEMO_PARTNER_ISSUER, sub: 'partner-member-carmen' };
    const shots = new WebKitShots('partner');
    const page = await e2e.open(e2e.stack.partner.origin);

    await page.signIn(e2e.stack.partner.url, 'Carmen Díaz');
    await page.expectBanner(TEXT.notConnected);
    const windows = await openPopup(page);
    // The clicked button is inert while waiting: focus moved to the way back to the window.
    await page.browser.waitUntil(async () => (await page.focusedAction()) === 'show-popup', { timeout: 5000, timeoutMsg: 'focus on "Show the HealthEx window"' });

    await (await page.button('Show the HealthEx window')).click();
    // The same named window, not a second one; the widget still waits for it.
    expect(await page.browser.getWindowHandles()).toEqual(expect.arrayContaining([windows.main, windows.popup]));
    expect((await page.browser.getWindowHandles()).length).toBe(2);
    expect(await page.widget().shadow$('[part~="waiting"]').isDisplayed()).toBe(true);

    await (await page.button('Cancel')).click();
    await waitForWindows(page, 1, 'Cancel to close the HealthEx window');
    await page.browser.waitUntil(async () => (await page.bannerText()).includes('The HealthEx window was closed, so nothing has changed.'), {
      timeout: POPUP_TIMEOUT_MS,
      timeoutMsg: 'the closed-window notice',
    });
    expect(await page.widget().shadow$('[part~="waiting"]').isExisting()).toBe(false);
    await page.browser.waitUntil(async () => (await page.focusedAction()) === 'authorize', { timeout: 5000, timeoutMsg: 'focus back on Authorize' });
    await shots.take(page, 'cancelled');
    expect(await e2e.stack.storedTokens(user)).toBeNull();

    await expectNoProblems(page);
  }, 120_000);

  it('comes back from a denied consent in the popup with a clear message and no change', async () => {
    const user = { iss: DEMO_PARTNER_ISSUER, sub: 'partner-member-carmen' };
    const shots = new WebKitShots('partner');
    const page = await e2e.open(e2e.stack.partner.origin);

    await page.signIn(e2e.stack.partner.url, 'Carmen Díaz');
    await page.expectBanner(TEXT.notConnected);
    await authorizeInPopup(page, 'carmen@sandbox.healthex.test', 'deny');
    await page.expectBanner(TEXT.notConnected);
    await page.browser.waitUntil(async () => (await page.bannerText()).includes(TEXT.denied), { timeout: POPUP_TIMEOUT_MS, timeoutMsg: 'the denied message' });
    await shots.take(page, 'denied');
    expect(await e2e.stack.storedTokens(user)).toBeNull();
    expect(await e2e.stack.isConnected(user)).toBe(false);

    await expectNoProblems(page);
  }, 120_000);

  it("falls back to HealthEx in this tab when WebKit's popup blocker blocks the window", async () => {
    const user = { iss: DEMO_PARTNER_ISSUER, sub: 'partner-member-ben' };
    const shots = new WebKitShots('partner');
    const page = await e2e.open(e2e.stack.partner.origin);

    await page.signIn(e2e.stack.partner.url, 'Ben Okafor');
    await page.expectBanner(TEXT.notConnected);
    const authorize = await page.button(TEXT.authorize);
    // A click from script is no user gesture, so WebKit blocks the window.open it leads to (the
    // tests' MiniBrowser keeps WebKit's popup blocker on). The widget's error events bubble out of
    // its shadow root; they are recorded where the next page can read them.
    await page.browser.execute((button) => {
      document.addEventListener('healthex-error', (event) => {
        const codes = JSON.parse(sessionStorage.getItem('e2e-widget-errors') ?? '[]') as string[];
        codes.push((event as CustomEvent<{ code: string }>).detail.code);
        sessionStorage.setItem('e2e-widget-errors', JSON.stringify(codes));
      });
      (button as unknown as HTMLButtonElement).click();
    }, authorize);
    await completeAtHealthex(page, { login: 'ben@sandbox.healthex.test', decision: 'allow', sandboxOrigin: e2e.stack.sandbox.issuer });
    await page.waitForOrigin(e2e.stack.partner.origin);
    await page.expectBanner(TEXT.authorized);
    expect(await page.browser.getUrl()).toBe(e2e.stack.partner.url);
    expect((await page.browser.getWindowHandles()).length).toBe(1); // no window ever opened
    await shots.take(page, 'popup-blocked-authorized');
    expect(await page.browser.execute(() => JSON.parse(sessionStorage.getItem('e2e-widget-errors') ?? '[]') as string[])).toEqual(['POPUP_BLOCKED']);
    expect(await e2e.stack.storedTokens(user)).not.toBeNull();

    await expectNoProblems(page);
  }, 120_000);

  it('would see a page problem: the watch records errors, console errors and CSP violations, so the zeros above mean something', async () => {
    const page = await e2e.open(e2e.stack.partner.origin);
    await page.signIn(e2e.stack.partner.url, 'Ava Thompson');
    const reportsBefore = e2e.stack.partner.cspReports.length;
    // The watch is per document: make sure the document the sign-in ended on has it (once per document).
    await page.watch();
    await page.browser.execute(() => {
      setTimeout(() => {
        throw new Error('deliberate');
      });
      console.error('deliberate console error');
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.head.append(script);
    });
    await page.browser
      .waitUntil(async () => (await page.problems()).length >= 3, { timeout: 20_000 })
      .catch(async () => {
        throw new Error(`the three problems to be recorded; recorded: ${JSON.stringify(await page.problems())}`);
      });
    const problems = (await page.problems()).join('\n');
    expect(problems).toContain('error: Error: deliberate');
    expect(problems).toContain('console.error: deliberate console error');
    expect(problems).toMatch(/CSP: script-src(-elem)? blocked inline/);
    await page.browser.waitUntil(async () => e2e.stack.partner.cspReports.length > reportsBefore, { timeout: 10_000, timeoutMsg: 'the CSP report' });
    e2e.stack.partner.cspReports.splice(reportsBefore); // this test's own, deliberate violation
  }, 60_000);
});
