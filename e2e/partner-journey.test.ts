/**
 * The partner page (another origin; only the script tag with its SRI hash and the element, under a
 * strict CSP; popup mode) in Debian's Chromium: the whole patient journey through the HealthEx popup,
 * the deny path, and a blocked popup falling back to this tab — with no console error and no CSP
 * violation, neither reported to the partner's report endpoint nor seen in the page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARTNER_ISSUER } from '../demo/stack/start-demo-stack.js';
import { launchChromium, startE2eStack, type E2eStack } from './support/e2e-stack.js';
import { bannerText, button, completeAtHealthex, expectBanner, Screenshots, signIn, TEXT, watchPage, widget, type PageProblems } from './support/journey.js';

let stack: E2eStack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startE2eStack(), launchChromium()]);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function expectNoProblems(problems: PageProblems): Promise<void> {
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(await problems.violations()).toEqual([]);
  expect(stack.partner.cspReports).toEqual([]);
}

/** Step 3 in popup mode: the HealthEx window opens from the click and closes itself at the end. */
async function authorizeInPopup(page: Page, login: string, decision: 'allow' | 'deny', shots?: Screenshots): Promise<void> {
  const popupOpened = page.waitForEvent('popup', { timeout: 15_000 });
  await button(page, TEXT.authorize).click();
  const popup = await popupOpened;
  await completeAtHealthex(popup, { login, decision, sandboxOrigin: stack.sandbox.issuer, ...(shots ? { shots } : {}) });
  if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 15_000 });
}

describe('partner page (script tag + SRI, strict CSP, popup mode)', () => {
  it('is served with a strict CSP and the SRI-pinned script tag', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(stack.partner.url);
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toContain(`script-src 'self' ${stack.service.url}`);
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain('report-uri /csp-reports');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');

    await signIn(page, stack.partner.url, 'Ava Thompson');
    const script = page.locator(`script[src$="${stack.service.widget!.path}"]`);
    expect(await script.getAttribute('type')).toBe('module');
    expect(await script.getAttribute('integrity')).toBe(stack.service.widget!.integrity);
    expect(await script.getAttribute('crossorigin')).toBe('anonymous');
    expect(await page.locator('script:not([src])').count()).toBe(0); // no inline script at all
    await context.close();
  });

  it('connects through the HealthEx popup, stays connected across a reload, and disconnects — revoking at HealthEx', async () => {
    const user = { iss: DEMO_PARTNER_ISSUER, sub: 'partner-member-ava' };
    const shots = new Screenshots('partner', 'journey');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = await watchPage(page, stack.partner.origin);

    await signIn(page, stack.partner.url, 'Ava Thompson');
    await expectBanner(page, TEXT.notConnected);
    await shots.take(page, 'not-connected');

    await authorizeInPopup(page, 'ava@sandbox.healthex.test', 'allow', shots);
    await expectBanner(page, TEXT.authorized);
    expect(page.url()).toBe(stack.partner.url); // this tab never left the partner page
    expect(await stack.isConnected(user)).toBe(false);
    await shots.take(page, 'authorized');

    await button(page, TEXT.confirm).click();
    await expectBanner(page, TEXT.connected);
    expect(await stack.isConnected(user)).toBe(true);
    await shots.take(page, 'connected');
    const tokens = await stack.storedTokens(user);
    expect(await stack.sandbox.introspect(tokens!.accessToken)).toMatchObject({ active: true, sub: 'patient-ava' });

    await page.reload();
    await expectBanner(page, TEXT.connected);
    await shots.take(page, 'reloaded-still-connected');

    const revocationsBefore = stack.sandbox.stats().revocations;
    await widget(page).locator('[data-action="disconnect"]').click();
    const dialog = widget(page).locator('dialog');
    await dialog.getByRole('heading', { name: 'Disconnect your records?' }).waitFor();
    await shots.take(page, 'disconnect-dialog');
    await dialog.getByRole('button', { name: TEXT.disconnect, exact: true }).click();
    await expectBanner(page, TEXT.notConnected);
    await shots.take(page, 'disconnected');
    expect(await stack.isConnected(user)).toBe(false);
    expect(stack.sandbox.stats().revocations).toBeGreaterThan(revocationsBefore);
    expect((await stack.sandbox.introspect(tokens!.accessToken)).active).toBe(false);
    if (tokens!.refreshToken) expect((await stack.sandbox.introspect(tokens!.refreshToken)).active).toBe(false);

    await expectNoProblems(problems);
    await context.close();
  }, 120_000);

  it('comes back from a denied consent in the popup with a clear message and no change', async () => {
    const user = { iss: DEMO_PARTNER_ISSUER, sub: 'partner-member-carmen' };
    const shots = new Screenshots('partner', 'deny');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = await watchPage(page, stack.partner.origin);

    await signIn(page, stack.partner.url, 'Carmen Díaz');
    await expectBanner(page, TEXT.notConnected);
    await authorizeInPopup(page, 'carmen@sandbox.healthex.test', 'deny');
    await expectBanner(page, TEXT.notConnected);
    await expect.poll(() => bannerText(page), { timeout: 15_000 }).toContain(TEXT.denied);
    await shots.take(page, 'denied');
    expect(await stack.storedTokens(user)).toBeNull();
    expect(await stack.isConnected(user)).toBe(false);

    await expectNoProblems(problems);
    await context.close();
  }, 90_000);

  it('falls back to HealthEx in this tab when the browser blocks the popup', async () => {
    const user = { iss: DEMO_PARTNER_ISSUER, sub: 'partner-member-ben' };
    const shots = new Screenshots('partner', 'popup-blocked');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // A popup blocker: window.open answers null, as browsers do when they block a window.
    await context.addInitScript(() => {
      window.open = () => null;
      // Record the widget's error events (they bubble out of its shadow root) across navigations.
      document.addEventListener('healthex-error', (event) => {
        const codes = JSON.parse(sessionStorage.getItem('e2e-widget-errors') ?? '[]') as string[];
        codes.push((event as CustomEvent<{ code: string }>).detail.code);
        sessionStorage.setItem('e2e-widget-errors', JSON.stringify(codes));
      });
    });
    const page = await context.newPage();
    const problems = await watchPage(page, stack.partner.origin);
    page.on('popup', () => problems.pageErrors.push('a popup opened although window.open was blocked'));

    await signIn(page, stack.partner.url, 'Ben Okafor');
    await expectBanner(page, TEXT.notConnected);
    await button(page, TEXT.authorize).click();
    await completeAtHealthex(page, { login: 'ben@sandbox.healthex.test', decision: 'allow', sandboxOrigin: stack.sandbox.issuer });
    await page.waitForURL((url) => url.origin === stack.partner.origin, { timeout: 15_000 });
    await expectBanner(page, TEXT.authorized);
    expect(page.url()).toBe(stack.partner.url);
    await shots.take(page, 'authorized-after-fallback');
    // The widget told the page why it left: the popup was blocked.
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('e2e-widget-errors') ?? '[]') as string[])).toEqual(['POPUP_BLOCKED']);
    expect(await stack.storedTokens(user)).not.toBeNull();

    await expectNoProblems(problems);
    await context.close();
  }, 90_000);

  it('would report a CSP violation: the report endpoint works, so the zero above means something', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, stack.partner.url, 'Ava Thompson');
    const before = stack.partner.cspReports.length;
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.head.append(script);
    });
    await expect.poll(() => stack.partner.cspReports.length, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
    expect(JSON.stringify(stack.partner.cspReports.at(-1)!.body)).toContain('script-src');
    stack.partner.cspReports.splice(before); // this test's own, deliberate violation
    await context.close();
  });
});
