/**
 * The Salus "Precision Medicine" page (widget from the npm entry, redirect mode) in Debian's Chromium,
 * as a patient uses it: not connected → Authorize → HealthEx login, providers, consent → back →
 * authorized → Mark as connected → connected, personalisation on → reload → Disconnect → confirm →
 * not connected, personalisation off, tokens revoked at HealthEx. And the deny path.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SALUS_ISSUER } from '../demo/stack/start-demo-stack.js';
import { useE2eStack } from './support/e2e-stack.js';
import { expectRevokedAtHealthex } from './support/revocation.js';
import {
  bannerText,
  button,
  completeAtHealthex,
  expectBanner,
  expectNoPageProblems,
  expectPersonalisation,
  Screenshots,
  signIn,
  STEP_TIMEOUT_MS,
  TEXT,
  openWatchedPage,
  readmeShots,
  widget,
} from './support/journey.js';

const e2e = useE2eStack();

describe('Salus page (npm entry, redirect mode)', () => {
  it('connects, stays connected across a reload, and disconnects — revoking at HealthEx', async () => {
    const user = { iss: DEMO_SALUS_ISSUER, sub: 'salus-user-ava' };
    const shots = new Screenshots('salus', 'journey');
    const { context, page, problems } = await openWatchedPage(e2e.browser, e2e.stack.salus.origin);

    await signIn(page, e2e.stack.salus.url, 'Ava Thompson');
    await expectBanner(page, TEXT.notConnected);
    await expectPersonalisation(page, 'off');
    expect(await button(page, TEXT.confirm).isDisabled()).toBe(true);
    await shots.take(page, 'not-connected');
    await readmeShots(page, 'not-connected');

    await button(page, TEXT.authorize).click();
    await completeAtHealthex(page, { login: 'ava@sandbox.healthex.test', decision: 'allow', shots, sandboxOrigin: e2e.stack.sandbox.issuer });

    await page.waitForURL((url) => url.origin === e2e.stack.salus.origin, { timeout: 15_000 });
    await expectBanner(page, TEXT.authorized);
    expect(new URL(page.url()).search).toBe(''); // the widget removed healthex_result
    await expectPersonalisation(page, 'off');
    await shots.take(page, 'authorized');
    // Back from HealthEx: once connection.attempt confirmed the flag (issue 13), the widget is in
    // view and "Mark as connected" has focus.
    await expect.poll(() => widget(page).evaluate((el) => el.shadowRoot!.activeElement?.getAttribute('data-action')), { timeout: 5000 }).toBe('confirm');
    await readmeShots(page, 'authorized');

    await button(page, TEXT.confirm).click();
    await expectBanner(page, TEXT.connected);
    await expectPersonalisation(page, 'on');
    expect(await e2e.stack.isConnected(user)).toBe(true);
    await shots.take(page, 'connected');

    const tokens = await e2e.stack.storedTokens(user);
    expect(tokens).not.toBeNull();
    expect(await e2e.stack.sandbox.introspect(tokens!.accessToken)).toMatchObject({ active: true, sub: 'patient-ava' });

    await page.reload();
    await expectBanner(page, TEXT.connected);
    await expectPersonalisation(page, 'on');
    await shots.take(page, 'reloaded-still-connected');
    await widget(page).locator('[part~="organisations"], [part~="sharing"] p').first().waitFor({ timeout: 15_000 });
    await readmeShots(page, 'connected');
    // The language switch: the same page in Spanish.
    await page.goto(`${e2e.stack.salus.url}?lang=es`);
    await expectBanner(page, 'Expedientes conectados');
    await readmeShots(page, 'connected-es');
    await page.goto(e2e.stack.salus.url);
    await expectBanner(page, TEXT.connected);

    const revocationsBefore = e2e.stack.sandbox.stats().revocations;
    await widget(page).locator('[data-action="disconnect"]').click();
    const dialog = widget(page).locator('dialog');
    await dialog.getByRole('heading', { name: 'Disconnect your records?' }).waitFor();
    await shots.take(page, 'disconnect-dialog');
    await dialog.getByRole('button', { name: TEXT.disconnect, exact: true }).click();

    await expectBanner(page, TEXT.disconnected);
    await expectPersonalisation(page, 'off');
    expect(await e2e.stack.isConnected(user)).toBe(false);
    await shots.take(page, 'disconnected');
    await expectRevokedAtHealthex(e2e.stack, tokens!, revocationsBefore);
    expect(await e2e.stack.storedTokens(user)).toBeNull();

    await expectNoPageProblems(problems);
    await context.close();
  }, 120_000);

  it('comes back from a denied consent with a clear message and no change', async () => {
    const user = { iss: DEMO_SALUS_ISSUER, sub: 'salus-user-ben' };
    const shots = new Screenshots('salus', 'deny');
    const { context, page, problems } = await openWatchedPage(e2e.browser, e2e.stack.salus.origin);

    await signIn(page, e2e.stack.salus.url, 'Ben Okafor');
    await expectBanner(page, TEXT.notConnected);
    await button(page, TEXT.authorize).click();
    await completeAtHealthex(page, { login: 'ben@sandbox.healthex.test', decision: 'deny', sandboxOrigin: e2e.stack.sandbox.issuer });

    await page.waitForURL((url) => url.origin === e2e.stack.salus.origin, { timeout: 15_000 });
    await expectBanner(page, TEXT.notConnected);
    // The notice shows once connection.attempt confirms the result flag, a moment after the banner.
    await expect.poll(() => bannerText(page), { timeout: STEP_TIMEOUT_MS, interval: 100 }).toContain(TEXT.denied);
    await expectPersonalisation(page, 'off');
    expect(await button(page, TEXT.authorize).isEnabled()).toBe(true);
    await shots.take(page, 'denied');
    expect(await e2e.stack.storedTokens(user)).toBeNull();
    expect(await e2e.stack.isConnected(user)).toBe(false);

    await expectNoPageProblems(problems);
    await context.close();
  }, 90_000);
});
