/**
 * The Salus "Precision Medicine" page (widget from the npm entry, redirect mode) in Debian's Chromium,
 * as a patient uses it: not connected → Authorize → HealthEx login, providers, consent → back →
 * authorized → Mark as connected → connected, personalisation on → reload → Disconnect → confirm →
 * not connected, personalisation off, tokens revoked at HealthEx. And the deny path.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SALUS_ISSUER } from '../demo/stack/start-demo-stack.js';
import { launchChromium, startE2eStack, type E2eStack } from './support/e2e-stack.js';
import {
  bannerText,
  button,
  completeAtHealthex,
  expectBanner,
  expectPersonalisation,
  Screenshots,
  signIn,
  TEXT,
  watchPage,
  widget,
} from './support/journey.js';

const README_SCREENSHOT = fileURLToPath(new URL('../docs/widget-connected.png', import.meta.url));

let stack: E2eStack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startE2eStack(), launchChromium()]);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('Salus page (npm entry, redirect mode)', () => {
  it('connects, stays connected across a reload, and disconnects — revoking at HealthEx', async () => {
    const user = { iss: DEMO_SALUS_ISSUER, sub: 'salus-user-ava' };
    const shots = new Screenshots('salus', 'journey');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = await watchPage(page, stack.salus.origin);

    await signIn(page, stack.salus.url, 'Ava Thompson');
    await expectBanner(page, TEXT.notConnected);
    await expectPersonalisation(page, 'off');
    expect(await button(page, TEXT.confirm).isDisabled()).toBe(true);
    await shots.take(page, 'not-connected');

    await button(page, TEXT.authorize).click();
    await completeAtHealthex(page, { login: 'ava@sandbox.healthex.test', decision: 'allow', shots, sandboxOrigin: stack.sandbox.issuer });

    await page.waitForURL((url) => url.origin === stack.salus.origin, { timeout: 15_000 });
    await expectBanner(page, TEXT.authorized);
    expect(new URL(page.url()).search).toBe(''); // the widget removed healthex_result
    await expectPersonalisation(page, 'off');
    await shots.take(page, 'authorized');

    await button(page, TEXT.confirm).click();
    await expectBanner(page, TEXT.connected);
    await expectPersonalisation(page, 'on');
    expect(await stack.isConnected(user)).toBe(true);
    await shots.take(page, 'connected');

    const tokens = await stack.storedTokens(user);
    expect(tokens).not.toBeNull();
    expect(await stack.sandbox.introspect(tokens!.accessToken)).toMatchObject({ active: true, sub: 'patient-ava' });

    await page.reload();
    await expectBanner(page, TEXT.connected);
    await expectPersonalisation(page, 'on');
    const connected = await shots.take(page, 'reloaded-still-connected');
    // The README's picture is this one; refresh the committed copy with UPDATE_README_SCREENSHOT=1.
    if (process.env.UPDATE_README_SCREENSHOT === '1') {
      await mkdir(new URL('../docs/', import.meta.url), { recursive: true });
      await copyFile(connected, README_SCREENSHOT);
    }

    const revocationsBefore = stack.sandbox.stats().revocations;
    await widget(page).locator('[data-action="disconnect"]').click();
    const dialog = widget(page).locator('dialog');
    await dialog.getByRole('heading', { name: 'Disconnect your records?' }).waitFor();
    await shots.take(page, 'disconnect-dialog');
    await dialog.getByRole('button', { name: TEXT.disconnect, exact: true }).click();

    await expectBanner(page, TEXT.notConnected);
    await expectPersonalisation(page, 'off');
    expect(await stack.isConnected(user)).toBe(false);
    await shots.take(page, 'disconnected');
    expect(stack.sandbox.stats().revocations).toBeGreaterThan(revocationsBefore);
    expect((await stack.sandbox.introspect(tokens!.accessToken)).active).toBe(false);
    if (tokens!.refreshToken) expect((await stack.sandbox.introspect(tokens!.refreshToken)).active).toBe(false);
    expect(await stack.storedTokens(user)).toBeNull();

    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(await problems.violations()).toEqual([]);
    await context.close();
  }, 120_000);

  it('comes back from a denied consent with a clear message and no change', async () => {
    const user = { iss: DEMO_SALUS_ISSUER, sub: 'salus-user-ben' };
    const shots = new Screenshots('salus', 'deny');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = await watchPage(page, stack.salus.origin);

    await signIn(page, stack.salus.url, 'Ben Okafor');
    await expectBanner(page, TEXT.notConnected);
    await button(page, TEXT.authorize).click();
    await completeAtHealthex(page, { login: 'ben@sandbox.healthex.test', decision: 'deny', sandboxOrigin: stack.sandbox.issuer });

    await page.waitForURL((url) => url.origin === stack.salus.origin, { timeout: 15_000 });
    await expectBanner(page, TEXT.notConnected);
    expect(await bannerText(page)).toContain(TEXT.denied);
    await expectPersonalisation(page, 'off');
    expect(await button(page, TEXT.authorize).isEnabled()).toBe(true);
    await shots.take(page, 'denied');
    expect(await stack.storedTokens(user)).toBeNull();
    expect(await stack.isConnected(user)).toBe(false);

    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  }, 90_000);
});
