/**
 * Records on the Salus page, end to end against the sandbox (which imitates only what HealthEx
 * documents), in the widget's real DOM: connect → the category tiles show their counts over the
 * whole history HealthEx shares (a condition diagnosed long before HealthEx's 3-year default window
 * counted, no window named; imaging and hospital records without a number) and the connection
 * summary shows when records were last updated → HealthEx refuses the access token early
 * (-32001) → "Get latest records" goes through after exactly one refresh → asked again, HealthEx's
 * rate limit in plain words, and the activity log shows the refusal as a refusal → disconnect.
 */
import { describe, expect, it } from 'vitest';
import { dateOf, recordsOf, runQuery, visibleRecords, windowStart } from 'healthex-sandbox';
import { DEMO_SALUS_ISSUER } from '../demo/stack/start-demo-stack.js';
import { useE2eStack } from './support/e2e-stack.js';
import { button, completeAtHealthex, expectBanner, expectNoPageProblems, openWatchedPage, Screenshots, signIn, STEP_TIMEOUT_MS, TEXT, widget } from './support/journey.js';

const e2e = useE2eStack();

const texts = async (locator: ReturnType<typeof widget>) => (await locator.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());

describe('records on the Salus page', () => {
  it('shows the tiles over the whole history (an old condition counted), survives an early -32001 with one refresh, gets the latest records, and disconnects', async () => {
    const user = { iss: DEMO_SALUS_ISSUER, sub: 'salus-user-carmen' };
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

    // Nine tiles: seven counted over the whole history (so no window is named), imaging and hospital records without a number.
    const tiles = widget(page).locator('[part~="category"]');
    await expect.poll(() => tiles.count(), { timeout: STEP_TIMEOUT_MS }).toBe(9);
    const counts = widget(page).locator('[part~="category-count"]');
    await expect.poll(async () => (await texts(counts)).filter((text) => /^(\d+|No) records?\b/.test(text)).length, { timeout: STEP_TIMEOUT_MS }).toBe(7);
    const shown = await texts(counts);
    expect(shown.filter((text) => text === 'Included in what HealthEx shares')).toHaveLength(2);
    expect(shown.some((text) => /in the last/.test(text))).toBe(false);
    // Carmen's only condition shared from Riverside Health is her asthma, diagnosed over twenty years
    // ago: far outside HealthEx's 3-year default window, and counted (active, says her health summary).
    const conditions = runQuery(visibleRecords(recordsOf('patient-carmen'), ['riverside-health']), 'get_conditions');
    expect(conditions.map((condition) => dateOf(condition)! < windowStart(new Date().toISOString().slice(0, 10), 3))).toEqual([true]);
    expect(shown[3]).toBe('1 record · 1 active');
    // Her HPV vaccinations, more than ten years old, count as well: four immunizations in all.
    expect(shown[6]).toBe('4 records');
    const sharing = widget(page).locator('[part~="sharing"]');
    await expect.poll(async () => (await sharing.textContent()) ?? '', { timeout: STEP_TIMEOUT_MS }).toMatch(/Records last updated/);
    await shots.take(page, 'tiles');

    // HealthEx refuses the stored access token before its expiry: the next records call gets -32001.
    expect(e2e.stack.sandbox.revokeAccessTokensOf('patient-carmen')).toBeGreaterThan(0);
    const refreshesBefore = e2e.stack.sandbox.stats().grants.refresh_token;
    const update = widget(page).locator('[data-action="update"]');
    const message = widget(page).locator('[part~="update-message"]');
    await update.click();
    await expect.poll(async () => (await message.textContent()) ?? '', { timeout: STEP_TIMEOUT_MS }).toContain('HealthEx is getting your latest records');
    expect(e2e.stack.sandbox.stats().grants.refresh_token).toBe(refreshesBefore + 1);
    await shots.take(page, 'update-started');

    // Asked again at once: HealthEx's per-patient rate limit, in plain words, and no second refresh.
    await expect.poll(() => update.getAttribute('aria-disabled'), { timeout: STEP_TIMEOUT_MS }).toBeNull();
    await update.click();
    await expect.poll(async () => (await message.textContent()) ?? '', { timeout: STEP_TIMEOUT_MS }).toContain('Your records were updated recently');
    expect(e2e.stack.sandbox.stats().grants.refresh_token).toBe(refreshesBefore + 1);
    expect(await e2e.stack.isConnected(user)).toBe(true);
    await shots.take(page, 'rate-limited');

    // The activity log: the refused update as refused, the page's own reads as one line for today, the grant still there.
    const log = widget(page).locator('[part~="activity-event"] span');
    await expect.poll(async () => (await texts(log))[0], { timeout: STEP_TIMEOUT_MS }).toBe('Your request for your latest records was refused: they were updated recently');
    const lines = await texts(log);
    expect(lines).toContain('Asked HealthEx for your latest records');
    expect(lines).toContain('Authorized HealthEx access');
    expect(lines.filter((text) => /^Your connect page read your record counts · (once|\d+ times) today$/.test(text))).toHaveLength(1);
    await widget(page).locator('[part~="activity"]').scrollIntoViewIfNeeded();
    await shots.take(page, 'activity');

    await widget(page).locator('[data-action="disconnect"]').click();
    await widget(page).locator('dialog').getByRole('button', { name: TEXT.disconnect, exact: true }).click();
    await expectBanner(page, TEXT.disconnected);
    expect(await e2e.stack.isConnected(user)).toBe(false);

    await expectNoPageProblems(problems);
    await context.close();
  }, 120_000);
});
