/**
 * Records on the Salus page, end to end against the sandbox (which imitates only what HealthEx
 * documents): connect → the category tiles show their counts from HealthEx's list tools → HealthEx
 * refuses the access token early (-32001) → exactly one refresh, and "Get latest records"
 * (`records.update`, `update_records`) goes through → the tiles load again → disconnect.
 *
 * The widget's "Get latest records" button, the tiles' window label and the sharing summary are
 * issue 13's UI; until it lands, the update is asked for through the widget's own tRPC API with
 * the page's connect token, and the tiles are read through their stable parts.
 */
import { createTRPCClient, httpLink } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { mintConnectToken } from '../demo/host-backend/mint-connect-token.js';
import { DEMO_SALUS_ISSUER } from '../demo/stack/start-demo-stack.js';
import type { AppRouter } from '../server/trpc/app-router.js';
import { useE2eStack } from './support/e2e-stack.js';
import { button, completeAtHealthex, expectBanner, expectNoPageProblems, openWatchedPage, Screenshots, signIn, STEP_TIMEOUT_MS, TEXT, widget } from './support/journey.js';

const e2e = useE2eStack();

describe('records on the Salus page', () => {
  it('shows the tiles, survives an early -32001 with one refresh, gets the latest records, and disconnects', async () => {
    const sub = 'salus-user-carmen';
    const user = { iss: DEMO_SALUS_ISSUER, sub };
    const shots = new Screenshots('salus', 'records');
    const { context, page, problems } = await openWatchedPage(e2e.browser, e2e.stack.salus.origin);

    await signIn(page, e2e.stack.salus.url, 'Carmen Díaz');
    await expectBanner(page, TEXT.notConnected);
    await button(page, TEXT.authorize).click();
    await completeAtHealthex(page, { login: 'carmen@sandbox.healthex.test', decision: 'allow', sandboxOrigin: e2e.stack.sandbox.issuer });
    await page.waitForURL((url) => url.origin === e2e.stack.salus.origin, { timeout: STEP_TIMEOUT_MS });
    await expectBanner(page, TEXT.authorized);
    await button(page, TEXT.confirm).click();
    await expectBanner(page, TEXT.connected);

    // Nine tiles; the counted ones say how many records HealthEx lists for them.
    const tiles = widget(page).locator('[part~="category"]');
    await expect.poll(() => tiles.count(), { timeout: STEP_TIMEOUT_MS }).toBe(9);
    const counts = widget(page).locator('[part~="category-count"]');
    await expect.poll(async () => (await counts.allTextContents()).filter((text) => /record/i.test(text)).length, { timeout: STEP_TIMEOUT_MS }).toBeGreaterThanOrEqual(7);
    await shots.take(page, 'tiles');

    // HealthEx refuses the stored access token before its expiry: the next records call gets -32001.
    expect(e2e.stack.sandbox.revokeAccessTokensOf('patient-carmen')).toBeGreaterThan(0);
    const refreshesBefore = e2e.stack.sandbox.stats().grants.refresh_token;
    const connectToken = await mintConnectToken({ issuer: DEMO_SALUS_ISSUER, subject: sub, secret: new Uint8Array(Buffer.from(e2e.stack.secrets.salusIssuerSecret, 'base64url')) });
    const api = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${e2e.stack.service.url}/trpc`, headers: () => ({ authorization: `Bearer ${connectToken}`, origin: e2e.stack.salus.origin }) })],
    });
    // "Get latest records".
    expect(await api.records.update.mutate()).toEqual({ outcome: 'started' });
    expect(e2e.stack.sandbox.stats().grants.refresh_token).toBe(refreshesBefore + 1);
    expect(await api.records.sharing.query()).toMatchObject({ organisations: null, updating: true });
    // Asked again at once: HealthEx's per-patient rate limit, in words the widget can show.
    expect(await api.records.update.mutate()).toMatchObject({ outcome: 'rate_limited' });
    expect(e2e.stack.sandbox.stats().grants.refresh_token).toBe(refreshesBefore + 1);

    // The update forgot the cached counts: a reload asks HealthEx again with the refreshed token.
    await page.reload();
    await expectBanner(page, TEXT.connected);
    await expect.poll(async () => (await counts.allTextContents()).filter((text) => /record/i.test(text)).length, { timeout: STEP_TIMEOUT_MS }).toBeGreaterThanOrEqual(7);
    expect(await e2e.stack.isConnected(user)).toBe(true);
    await shots.take(page, 'tiles-after-update');

    await widget(page).locator('[data-action="disconnect"]').click();
    await widget(page).locator('dialog').getByRole('button', { name: TEXT.disconnect, exact: true }).click();
    await expectBanner(page, TEXT.notConnected);
    expect(await e2e.stack.isConnected(user)).toBe(false);
    expect(await api.records.summary.query().catch((error: { data?: { appCode?: string } }) => error.data?.appCode)).toBe('NOT_CONNECTED');

    await expectNoPageProblems(problems);
    await context.close();
  }, 120_000);
});
