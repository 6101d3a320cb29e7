/// <reference types="mocha" />
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import type { HealthexConnect } from './healthex-connect.js';
import { $, FakeUser, STATUSES, button, cleanup, expectAccessible, focused, mount, text, waitFor } from './testing/helpers.js';

/** Presses Tab until `target` has focus; fails if it is not reachable in `max` presses. */
async function tabTo(el: HealthexConnect, target: () => Element, max = 25): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (focused(el) === target()) return;
    await sendKeys({ press: 'Tab' });
  }
  expect(focused(el), 'not reachable with Tab').to.equal(target());
}

/** Starts keyboard navigation from the top of the page. */
async function startAtTop(): Promise<void> {
  (document.activeElement as HTMLElement | null)?.blur();
  const start = document.createElement('button');
  start.textContent = 'start';
  document.body.prepend(start);
  start.focus();
  start.remove();
}

describe('keyboard only', () => {
  afterEach(cleanup);

  it('the focused controls are accessible, with a visible focus indicator', async () => {
    const user = await new FakeUser().setup();
    const el = await mount({ user });
    await startAtTop();
    await tabTo(el, () => button(el, 'authorize'));
    const style = getComputedStyle(button(el, 'authorize'));
    expect(style.outlineStyle).to.equal('solid');
    expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
    await expectAccessible(el);
  });

  it('authorize → mark as connected → disconnect through the dialog, focus managed throughout', async () => {
    const user = await new FakeUser().setup();
    const el = await mount({ user });
    await startAtTop();

    // Step 3, with Enter: the popup opens, HealthEx answers, focus lands on step 4.
    await tabTo(el, () => button(el, 'authorize'));
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.status?.state === 'authorized', 'the authorized status', 10_000);
    await waitFor(() => focused(el) === button(el, 'confirm'), 'focus on "Mark as connected"');

    // Step 4, with Space: connected; focus moves to the banner, which now offers Disconnect.
    await sendKeys({ press: ' ' }); // Space
    await waitFor(() => el.status?.state === 'connected', 'connected');
    await waitFor(() => focused(el) === $(el, '.banner-title'), 'focus on the banner');

    // Disconnect opens the dialog with focus on the safe choice; Escape cancels, focus returns.
    await tabTo(el, () => button(el, 'disconnect'));
    await sendKeys({ press: 'Enter' });
    const dialog = $(el, 'dialog') as HTMLDialogElement;
    await waitFor(() => dialog.open, 'the dialog to open');
    expect(focused(el)).to.equal($(el, '[data-dialog-cancel]'));
    expect(dialog.getAttribute('aria-labelledby')).to.equal('dialog-title');
    expect(text($(el, '#dialog-title'))).to.equal('Disconnect your records?');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !dialog.open, 'the dialog to close');
    await waitFor(() => focused(el) === button(el, 'disconnect'), 'focus back on Disconnect');
    expect(await user.calls('connection.disconnect')).to.have.length(0);

    // Again, and confirm with Tab + Enter: disconnected, focus on the banner, then step 3 is reachable.
    await sendKeys({ press: 'Enter' });
    await waitFor(() => dialog.open, 'the dialog to open again');
    await sendKeys({ press: 'Tab' });
    expect(focused(el)).to.equal($(el, '[data-dialog-confirm]'));
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.status?.state === 'not_connected', 'not_connected');
    await waitFor(() => focused(el) === $(el, '.banner-title'), 'focus on the banner after disconnecting');
    await tabTo(el, () => button(el, 'authorize'));
    expect(await user.calls('connection.disconnect')).to.have.length(1);
  });

  it('the dialog cancel button returns focus to Disconnect', async () => {
    const user = await new FakeUser().setup({ status: STATUSES.connected });
    const el = await mount({ user });
    await startAtTop();
    await tabTo(el, () => button(el, 'disconnect'));
    await sendKeys({ press: ' ' }); // Space
    const dialog = $(el, 'dialog') as HTMLDialogElement;
    await waitFor(() => dialog.open, 'the dialog to open');
    await sendKeys({ press: 'Enter' }); // on "Keep connected"
    await waitFor(() => !dialog.open, 'the dialog to close');
    await waitFor(() => focused(el) === button(el, 'disconnect'), 'focus back on Disconnect');
  });
});
