/**
 * The Salus page's journey (redirect mode) in WebKit, Safari's engine: the same steps as
 * salus-journey.test.ts, through WebDriver. Not connected → Authorize → HealthEx login, providers,
 * consent → back with focus on "Mark as connected" → connected, personalisation on → reload →
 * Disconnect → not connected, tokens revoked at HealthEx. And the deny path. Every state is
 * photographed at 1280 and 375 px.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SALUS_ISSUER } from '../demo/stack/start-demo-stack.js';
import { TEXT } from './support/journey.js';
import { completeAtHealthex, WebKitShots, type WebKitPage } from './support/webkit-journey.js';
import { expectRevokedAtHealthex } from './support/revocation.js';
import { useWebKitE2eStack } from './support/webkit-stack.js';

const e2e = useWebKitE2eStack();

async function personalisation(page: WebKitPage, value: 'on' | 'off'): Promise<void> {
  await page.browser.waitUntil(async () => (await page.browser.$('[data-personalisation]').getAttribute('data-personalisation')) === value, {
    timeout: 15_000,
    interval: 100,
    timeoutMsg: `personalisation ${value}`,
  });
  expect(await page.browser.$('[data-personalisation-text]').getText()).toMatch(value === 'on' ? /^On —/ : /^Off —/);
}

describe('Salus page in WebKit (npm entry, redirect mode)', () => {
  it('connects, stays connected across a reload, and disconnects — revoking at HealthEx', async () => {
    const user = { iss: DEMO_SALUS_ISSUER, sub: 'salus-user-ava' };
    const salus = e2e.stack.salus;
    const shots = new WebKitShots('salus');
    const page = await e2e.open(salus.origin);

    await page.signIn(salus.url, 'Ava Thompson');
    await page.expectBanner(TEXT.notConnected);
    await personalisation(page, 'off');
    expect(await (await page.button(TEXT.confirm)).isEnabled()).toBe(false);
    await shots.take(page, 'not-connected');

    await (await page.button(TEXT.authorize)).click();
    await completeAtHealthex(page, { login: 'ava@sandbox.healthex.test', decision: 'allow', shots, sandboxOrigin: e2e.stack.sandbox.issuer });

    await page.waitForOrigin(salus.origin);
    await page.expectBanner(TEXT.authorized);
    expect((await page.url()).search).toBe(''); // the widget removed healthex_result
    await personalisation(page, 'off');
    // Back from HealthEx, once connection.attempt confirmed the flag: "Mark as connected" has focus.
    await page.browser.waitUntil(async () => (await page.focusedAction()) === 'confirm', { timeout: 5000, timeoutMsg: 'focus on Mark as connected' });
    await shots.take(page, 'authorized');

    await (await page.button(TEXT.confirm)).click();
    await page.expectBanner(TEXT.connected);
    await personalisation(page, 'on');
    expect(await e2e.stack.isConnected(user)).toBe(true);
    const tokens = await e2e.stack.storedTokens(user);
    expect(await e2e.stack.sandbox.introspect(tokens!.accessToken)).toMatchObject({ active: true, sub: 'patient-ava' });

    await page.reload();
    await page.expectBanner(TEXT.connected);
    await personalisation(page, 'on');
    await page.widget().shadow$('[part~="organisations"], [part~="sharing"] p').waitForExist({ timeout: 15_000 });
    await shots.take(page, 'connected');
    await page.goto(`${salus.url}?lang=es`);
    await page.expectBanner('Expedientes conectados');
    await shots.take(page, 'connected-es');
    await page.goto(salus.url);
    await page.expectBanner(TEXT.connected);

    const revocationsBefore = e2e.stack.sandbox.stats().revocations;
    await page.widget().shadow$('[data-action="disconnect"]').click();
    const heading = page.widget().shadow$('dialog h2');
    await heading.waitForDisplayed({ timeout: 15_000 });
    expect(await heading.getText()).toBe('Disconnect your records?');
    await shots.take(page, 'disconnect-dialog');
    const confirmDisconnect = page.widget().shadow$('dialog [data-dialog-confirm]');
    expect(await confirmDisconnect.getText()).toBe(TEXT.disconnect);
    await confirmDisconnect.click();

    await page.expectBanner(TEXT.disconnected);
    await personalisation(page, 'off');
    expect(await e2e.stack.isConnected(user)).toBe(false);
    await shots.take(page, 'disconnected');
    await expectRevokedAtHealthex(e2e.stack, tokens!, revocationsBefore);
    expect(await e2e.stack.storedTokens(user)).toBeNull();

    await page.expectNoProblems();
  }, 180_000);

  it('comes back from a denied consent with a clear message and no change', async () => {
    const user = { iss: DEMO_SALUS_ISSUER, sub: 'salus-user-ben' };
    const salus = e2e.stack.salus;
    const shots = new WebKitShots('salus');
    const page = await e2e.open(salus.origin);

    await page.signIn(salus.url, 'Ben Okafor');
    await page.expectBanner(TEXT.notConnected);
    await (await page.button(TEXT.authorize)).click();
    await completeAtHealthex(page, { login: 'ben@sandbox.healthex.test', decision: 'deny', sandboxOrigin: e2e.stack.sandbox.issuer });

    await page.waitForOrigin(salus.origin);
    await page.expectBanner(TEXT.notConnected);
    expect(await page.bannerText()).toContain(TEXT.denied);
    await personalisation(page, 'off');
    expect(await (await page.button(TEXT.authorize)).isEnabled()).toBe(true);
    await shots.take(page, 'denied');
    expect(await e2e.stack.storedTokens(user)).toBeNull();
    expect(await e2e.stack.isConnected(user)).toBe(false);

    await page.expectNoProblems();
  }, 120_000);

  it('keyboard only, then the mouse: the focus ring after keys, none after clicks, focus managed throughout', async () => {
    const salus = e2e.stack.salus;
    const shots = new WebKitShots('salus');
    const page = await e2e.open(salus.origin);
    const waitForFocus = async (focused: string, ring: boolean) => {
      let last = await page.focusRing();
      await page.browser.waitUntil(async () => ((last = await page.focusRing()).focused === focused && last.ring === ring), { timeout: 10_000, interval: 100 }).catch(() => undefined);
      expect(last, `focus on ${focused} ${ring ? 'with' : 'without'} the ring`).toEqual({ focused, ring });
    };

    await page.signIn(salus.url, 'Carmen Díaz');
    await page.expectBanner(TEXT.notConnected);
    // Keyboard: Tab from the top of the page to Authorize; Enter goes to HealthEx.
    await page.tabTo('authorize');
    expect(await page.focusRing()).toEqual({ focused: 'authorize', ring: true });
    await shots.take(page, 'keyboard-focus');
    await page.browser.keys(['Enter']);
    await completeAtHealthex(page, { login: 'carmen@sandbox.healthex.test', decision: 'allow', sandboxOrigin: e2e.stack.sandbox.issuer });
    await page.waitForOrigin(salus.origin);
    await page.expectBanner(TEXT.authorized);
    await page.browser.waitUntil(async () => (await page.focusedAction()) === 'confirm', { timeout: 5000, timeoutMsg: 'focus on Mark as connected' });
    // Enter on "Mark as connected": connected, focus on the banner's title (its button is gone).
    await page.browser.keys(['Enter']);
    await page.expectBanner(TEXT.connected);
    await waitForFocus('banner-title', true);
    // Disconnect opens the dialog with focus on the safe choice; Escape cancels and focus returns.
    await page.tabTo('disconnect');
    await page.browser.keys(['Enter']);
    await waitForFocus('data-dialog-cancel', true);
    await page.browser.keys(['Escape']);
    await waitForFocus('disconnect', true);

    // Mouse: the same dialog by clicks shows no ring, neither on the dialog's button nor back on Disconnect.
    await page.widget().shadow$('[data-action="disconnect"]').click();
    await page.widget().shadow$('dialog [data-dialog-cancel]').waitForDisplayed({ timeout: 5000 });
    expect((await page.focusRing()).ring).toBe(false);
    await page.widget().shadow$('dialog [data-dialog-cancel]').click();
    await page.widget().shadow$('dialog').waitForDisplayed({ reverse: true, timeout: 5000 });
    await waitForFocus('disconnect', false);
    await page.expectBanner(TEXT.connected);

    await page.expectNoProblems();
  }, 120_000);
});
