/// <reference types="mocha" />
/**
 * The built script-tag file with a tampered Spanish file next to it (one byte changed, served by
 * widget/testing/wtr-built-files.mjs): the hash the build pinned does not match, so the Spanish copy
 * never runs; the widget shows English and says why once in the console. Its own page (its own test
 * file), because a page loads each language once.
 */
import { expect } from 'chai';
import './testing/load-bundle.js';
import { useTamperedFile } from './testing/tampered-file.js';

const { FakeUser, STATUSES, bannerText, mount, waitFor } = await import('./testing/helpers.js');

describe('the built script-tag file, its Spanish file tampered with', () => {
  const warnings = useTamperedFile('healthex-connect.es.min.js');

  it('shows English, never the tampered copy, with one console warning naming the file', async () => {
    const user = await new FakeUser().setup({ status: STATUSES.not_connected });
    const first = await mount({ user, attributes: { locale: 'es' } });
    await waitFor(() => bannerText(first).includes('Records not yet connected'), 'the English banner');
    const second = await mount({ user, attributes: { locale: 'es' } });
    await waitFor(() => bannerText(second).includes('Records not yet connected'), 'a second element, English too');
    expect(first.shadowRoot!.textContent).to.not.contain('enerO');
    const spanishWarnings = warnings.filter((args) => String(args[0]).includes('"es" copy did not load'));
    expect(spanishWarnings).to.have.length(1);
    expect(String(spanishWarnings[0]![1])).to.contain('healthex-connect.es.min.js');
  });
});
