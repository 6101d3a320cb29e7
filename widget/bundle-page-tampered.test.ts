/// <reference types="mocha" />
/**
 * The built script-tag file with a tampered healthex-connect.page.min.js next to it (one byte
 * changed, served by widget/testing/wtr-built-files.mjs): the hash the build pinned does not match,
 * so the regions below the banner never run. The banner still tells the patient where they stand and
 * offers the next action (pointing to no steps below it), the disconnect dialog still works, the
 * place of the rest says it did not load, and the console says why once. Its own page (its own test
 * file): a page loads the file once.
 */
import { expect } from 'chai';
import './testing/load-bundle.js';
import { useTamperedFile } from './testing/tampered-file.js';

const PAGE_FILE = 'healthex-connect.page.min.js';

const { $, FakeUser, STATUSES, bannerText, button, mount, text, waitFor } = await import('./testing/helpers.js');

describe('the built script-tag file, its part below the banner tampered with', () => {
  const warnings = useTamperedFile(PAGE_FILE);

  it('shows the banner with its action and says the rest did not load; the tampered code never runs', async () => {
    const user = await new FakeUser().setup({ status: STATUSES.not_connected });
    const el = await mount({ user });
    await waitFor(() => el.shadowRoot!.querySelector('.page-failed') !== null, 'the sentence in place of the rest');
    expect(bannerText(el)).to.contain('Records not yet connected');
    // No pointer to steps that are not there.
    expect(bannerText(el)).to.not.contain('below');
    expect(text(button(el, 'authorize'))).to.contain('Authorize HealthEx access');
    expect(text($(el, '.page-failed'))).to.equal('The rest of this page didn’t load. Reload the page to see the steps and the privacy details.');
    expect(el.shadowRoot!.querySelector('[part~="categories"], [part~="steps"], [part~="privacy"]')).to.equal(null);
    expect(el.shadowRoot!.textContent).to.not.contain('Lab ResultS');
    const pageWarnings = warnings.filter((args) => String(args[0]).includes('below the banner did not load'));
    expect(pageWarnings).to.have.length(1);
    expect(String(pageWarnings[0]![1])).to.contain(PAGE_FILE);
  });

  it('connected: Disconnect still opens its confirmation (the dialog ships with the banner)', async () => {
    const user = await new FakeUser().setup({ status: STATUSES.connected });
    const el = await mount({ user });
    await waitFor(() => el.shadowRoot!.querySelector('.page-failed') !== null, 'the sentence in place of the rest');
    button(el, 'disconnect').click();
    const dialog = $(el, 'dialog') as HTMLDialogElement;
    await waitFor(() => dialog.open, 'the confirmation dialog');
    expect(text(dialog)).to.contain('Disconnect your records?');
    dialog.close('cancel');
    // One warning for the page, however many elements it has.
    expect(warnings.filter((args) => String(args[0]).includes('below the banner did not load'))).to.have.length(1);
  });
});
