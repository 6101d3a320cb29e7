/**
 * Two people at once, each in their own browser context (own cookies, own tab), on the same Salus
 * site and connect service: what one does never shows up for the other — not in the widget, not in
 * the personalisation panel, not in the back-end API — also while both are mid-flow.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PARTNER_ISSUER, DEMO_SALUS_ISSUER } from '../demo/stack/start-demo-stack.js';
import { useE2eStack } from './support/e2e-stack.js';
import { button, completeAtHealthex, expectBanner, expectNoPageProblems, openWatchedPage, expectPersonalisation, Screenshots, signIn, TEXT, widget } from './support/journey.js';

const e2e = useE2eStack();

async function open(person: string) {
  const opened = await openWatchedPage(e2e.browser, e2e.stack.salus.origin);
  await signIn(opened.page, e2e.stack.salus.url, person);
  return opened;
}

describe('two users in two browser contexts at once', () => {
  it('never see each other’s state', async () => {
    const shots = new Screenshots('two-users');
    const [ava, carmen] = await Promise.all([open('Ava Thompson'), open('Carmen Díaz')]);
    await Promise.all([expectBanner(ava.page, TEXT.notConnected), expectBanner(carmen.page, TEXT.notConnected)]);

    // Both authorize at the same time; Ava also confirms, Carmen stops at "authorized".
    await Promise.all([
      (async () => {
        await button(ava.page, TEXT.authorize).click();
        await completeAtHealthex(ava.page, { login: 'ava@sandbox.healthex.test', decision: 'allow', sandboxOrigin: e2e.stack.sandbox.issuer });
        await expectBanner(ava.page, TEXT.authorized);
        await button(ava.page, TEXT.confirm).click();
        await expectBanner(ava.page, TEXT.connected);
      })(),
      (async () => {
        await button(carmen.page, TEXT.authorize).click();
        await completeAtHealthex(carmen.page, { login: 'carmen@sandbox.healthex.test', decision: 'allow', sandboxOrigin: e2e.stack.sandbox.issuer });
        await expectBanner(carmen.page, TEXT.authorized);
      })(),
    ]);
    await Promise.all([expectPersonalisation(ava.page, 'on'), expectPersonalisation(carmen.page, 'off')]);
    await shots.take(ava.page, 'ava-connected');
    await shots.take(carmen.page, 'carmen-authorized');

    // Reloads read each user's state afresh; still their own.
    await Promise.all([ava.page.reload(), carmen.page.reload()]);
    await Promise.all([expectBanner(ava.page, TEXT.connected), expectBanner(carmen.page, TEXT.authorized)]);
    await Promise.all([expectPersonalisation(ava.page, 'on'), expectPersonalisation(carmen.page, 'off')]);

    // The HealthEx grants are each patient's own.
    const avaTokens = await e2e.stack.storedTokens({ iss: DEMO_SALUS_ISSUER, sub: 'salus-user-ava' });
    const carmenTokens = await e2e.stack.storedTokens({ iss: DEMO_SALUS_ISSUER, sub: 'salus-user-carmen' });
    expect(await e2e.stack.sandbox.introspect(avaTokens!.accessToken)).toMatchObject({ active: true, sub: 'patient-ava' });
    expect(await e2e.stack.sandbox.introspect(carmenTokens!.accessToken)).toMatchObject({ active: true, sub: 'patient-carmen' });
    // The same person on the partner site is another user of the connect service.
    expect(await e2e.stack.isConnected({ iss: DEMO_PARTNER_ISSUER, sub: 'partner-member-ava' })).toBe(false);

    // Ava disconnects; Carmen's authorization is untouched.
    await widget(ava.page).locator('[data-action="disconnect"]').click();
    await widget(ava.page).locator('dialog').getByRole('button', { name: TEXT.disconnect, exact: true }).click();
    await expectBanner(ava.page, TEXT.disconnected);
    await expectPersonalisation(ava.page, 'off');
    await carmen.page.reload();
    await expectBanner(carmen.page, TEXT.authorized);
    expect((await e2e.stack.sandbox.introspect(avaTokens!.accessToken)).active).toBe(false);
    expect((await e2e.stack.sandbox.introspect(carmenTokens!.accessToken)).active).toBe(true);
    await shots.take(ava.page, 'ava-disconnected');
    await shots.take(carmen.page, 'carmen-still-authorized');

    for (const person of [ava, carmen]) await expectNoPageProblems(person.problems);
    await Promise.all([ava.context.close(), carmen.context.close()]);
  }, 120_000);
});
