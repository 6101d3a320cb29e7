/**
 * The partner page (another origin; only the script tag with its SRI hash and the element, under a
 * strict CSP; popup mode) in Debian's Chromium: the whole patient journey through the HealthEx popup,
 * the deny path, and a blocked popup falling back to this tab — with no console error and no CSP
 * violation, neither reported to the partner's report endpoint nor seen in the page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PARTNER_ISSUER } from '../demo/stack/start-demo-stack.js';
import { useE2eStack } from './support/e2e-stack.js';
import { expectRevokedAtHealthex } from './support/revocation.js';
import {
  bannerText,
  button,
  completeAtHealthex,
  expectBanner,
  expectNoPageProblems,
  openWatchedPage,
  readmeShots,
  Screenshots,
  signIn,
  TEXT,
  widget,
  type PageProblems,
} from './support/journey.js';

const e2e = useE2eStack();

async function expectNoProblems(problems: PageProblems): Promise<void> {
  await expectNoPageProblems(problems);
  expect(e2e.stack.partner.cspReports).toEqual([]);
}

/** Step 3 in popup mode: the HealthEx window opens from the click and closes itself at the end. */
async function authorizeInPopup(page: Page, login: string, decision: 'allow' | 'deny', shots?: Screenshots): Promise<void> {
  const popupOpened = page.waitForEvent('popup', { timeout: 15_000 });
  await button(page, TEXT.authorize).click();
  const popup = await popupOpened;
  // The waiting state, where the user clicked, with a way back to the window and a way out.
  await widget(page).locator('[part~="waiting"]').waitFor({ timeout: 15_000 });
  expect(await widget(page).getByRole('button', { name: 'Show the HealthEx window' }).isVisible()).toBe(true);
  if (shots) await readmeShots(page, 'waiting');
  await completeAtHealthex(popup, { login, decision, sandboxOrigin: e2e.stack.sandbox.issuer, ...(shots ? { shots } : {}) });
  if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 15_000 });
}

describe('partner page (script tag + SRI, strict CSP, popup mode)', () => {
  it('is served with a strict CSP and the SRI-pinned script tag', async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(e2e.stack.partner.url);
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toContain(`script-src 'self' ${e2e.stack.service.url}`);
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain('report-uri /csp-reports');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');

    await signIn(page, e2e.stack.partner.url, 'Ava Thompson');
    const script = page.locator(`script[src$="${e2e.stack.service.widget!.path}"]`);
    expect(await script.getAttribute('type')).toBe('module');
    expect(await script.getAttribute('integrity')).toBe(e2e.stack.service.widget!.integrity);
    expect(await script.getAttribute('crossorigin')).toBe('anonymous');
    expect(await page.locator('script:not([src])').count()).toBe(0); // no inline script at all
    await context.close();
  });

  it('connects through the HealthEx popup, stays connected across a reload, and disconnects — revoking at HealthEx', async () => {
    const user = { iss: DEMO_PARTNER_ISSUER, sub: 'partner-member-ava' };
    const shots = new Screenshots('partner', 'journey');
    const { context, page, problems } = await openWatchedPage(e2e.browser, e2e.stack.partner.origin);

    await signIn(page, e2e.stack.partner.url, 'Ava Thompson');
    await expectBanner(page, TEXT.notConnected);
    // The partner's own name, not Salus's.
    expect(await widget(page).locator('.root').textContent()).not.toContain('Salus');
    await shots.take(page, 'not-connected');

    await authorizeInPopup(page, 'ava@sandbox.healthex.test', 'allow', shots);
    await expectBanner(page, TEXT.authorized);
    expect(page.url()).toBe(e2e.stack.partner.url); // this tab never left the partner page
    expect(await e2e.stack.isConnected(user)).toBe(false);
    await shots.take(page, 'authorized');

    await button(page, TEXT.confirm).click();
    await expectBanner(page, TEXT.connected);
    expect(await e2e.stack.isConnected(user)).toBe(true);
    await shots.take(page, 'connected');
    const tokens = await e2e.stack.storedTokens(user);
    expect(await e2e.stack.sandbox.introspect(tokens!.accessToken)).toMatchObject({ active: true, sub: 'patient-ava' });

    await page.reload();
    await expectBanner(page, TEXT.connected);
    await shots.take(page, 'reloaded-still-connected');

    const revocationsBefore = e2e.stack.sandbox.stats().revocations;
    await widget(page).locator('[data-action="disconnect"]').click();
    const dialog = widget(page).locator('dialog');
    await dialog.getByRole('heading', { name: 'Disconnect your records?' }).waitFor();
    await shots.take(page, 'disconnect-dialog');
    await dialog.getByRole('button', { name: TEXT.disconnect, exact: true }).click();
    await expectBanner(page, TEXT.disconnected);
    await shots.take(page, 'disconnected');
    expect(await e2e.stack.isConnected(user)).toBe(false);
    await expectRevokedAtHealthex(e2e.stack, tokens!, revocationsBefore);

    await expectNoProblems(problems);
    await context.close();
  }, 120_000);

  it('comes back from a denied consent in the popup with a clear message and no change', async () => {
    const user = { iss: DEMO_PARTNER_ISSUER, sub: 'partner-member-carmen' };
    const shots = new Screenshots('partner', 'deny');
    const { context, page, problems } = await openWatchedPage(e2e.browser, e2e.stack.partner.origin);

    await signIn(page, e2e.stack.partner.url, 'Carmen Díaz');
    await expectBanner(page, TEXT.notConnected);
    await authorizeInPopup(page, 'carmen@sandbox.healthex.test', 'deny');
    await expectBanner(page, TEXT.notConnected);
    await expect.poll(() => bannerText(page), { timeout: 15_000 }).toContain(TEXT.denied);
    await shots.take(page, 'denied');
    expect(await e2e.stack.storedTokens(user)).toBeNull();
    expect(await e2e.stack.isConnected(user)).toBe(false);

    await expectNoProblems(problems);
    await context.close();
  }, 90_000);

  it('falls back to HealthEx in this tab when the browser blocks the popup', async () => {
    const user = { iss: DEMO_PARTNER_ISSUER, sub: 'partner-member-ben' };
    const shots = new Screenshots('partner', 'popup-blocked');
    const { context, page, problems } = await openWatchedPage(e2e.browser, e2e.stack.partner.origin, (context) =>
      // A popup blocker: window.open answers null, as browsers do when they block a window.
      context.addInitScript(() => {
        window.open = () => null;
        // Record the widget's error events (they bubble out of its shadow root) across navigations.
        document.addEventListener('healthex-error', (event) => {
          const codes = JSON.parse(sessionStorage.getItem('e2e-widget-errors') ?? '[]') as string[];
          codes.push((event as CustomEvent<{ code: string }>).detail.code);
          sessionStorage.setItem('e2e-widget-errors', JSON.stringify(codes));
        });
      }),
    );
    page.on('popup', () => problems.pageErrors.push('a popup opened although window.open was blocked'));

    await signIn(page, e2e.stack.partner.url, 'Ben Okafor');
    await expectBanner(page, TEXT.notConnected);
    await button(page, TEXT.authorize).click();
    await completeAtHealthex(page, { login: 'ben@sandbox.healthex.test', decision: 'allow', sandboxOrigin: e2e.stack.sandbox.issuer });
    await page.waitForURL((url) => url.origin === e2e.stack.partner.origin, { timeout: 15_000 });
    await expectBanner(page, TEXT.authorized);
    expect(page.url()).toBe(e2e.stack.partner.url);
    await shots.take(page, 'authorized-after-fallback');
    // The widget told the page why it left: the popup was blocked.
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('e2e-widget-errors') ?? '[]') as string[])).toEqual(['POPUP_BLOCKED']);
    expect(await e2e.stack.storedTokens(user)).not.toBeNull();

    await expectNoProblems(problems);
    await context.close();
  }, 90_000);

  it('would report a CSP violation: the report endpoint works, so the zero above means something', async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await signIn(page, e2e.stack.partner.url, 'Ava Thompson');
    const before = e2e.stack.partner.cspReports.length;
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.head.append(script);
    });
    await expect.poll(() => e2e.stack.partner.cspReports.length, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
    expect(JSON.stringify(e2e.stack.partner.cspReports.at(-1)!.body)).toContain('script-src');
    e2e.stack.partner.cspReports.splice(before); // this test's own, deliberate violation
    await context.close();
  });
});
