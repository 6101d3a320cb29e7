/// <reference types="mocha" />
/**
 * The built script-tag file, not the sources: what the minifier did (short names for private state,
 * compacted tRPC helpers, renamed internal custom properties) must leave the public API and the
 * behaviour intact. Runs against `widget/dist/healthex-connect.min.js` as last built, so run it after
 * `npm run build:widget`; without a build it is skipped (and says so).
 */
import { expect } from 'chai';
import { HealthexConnect as SourceElement } from './healthex-connect.js';
import { bundleMissing, bundleUrl } from './testing/load-bundle.js';

// Only now (this module waits for load-bundle's top-level await): helpers.ts imports define.js, which
// must find the bundle's element already defined.
const { $, FakeUser, STATUSES, activityEntries, bannerText, button, cleanup, counts, expectAccessible, mount, recordEvents, text, waitFor } = await import(
  './testing/helpers.js'
);

describe('the built script-tag file', function () {
  before(function () {
    if (bundleMissing) {
      console.warn(`bundle tests skipped: ${bundleMissing}`);
      this.skip();
    }
  });
  afterEach(cleanup);

  it('is accessible, connected with counts and the access log', async () => {
    const user = await new FakeUser().setup({
      status: STATUSES.connected,
      records: { labs: 3 },
      activity: [{ at: '2025-03-09T16:45:00.000Z', action: 'used', outcome: 'success', feature: 'health-decisions' }],
    });
    const el = await mount({ user });
    // The element is the bundle's class, not the sources'.
    expect(customElements.get('healthex-connect')).to.not.equal(SourceElement);
    await waitFor(() => counts(el)[0] === '3 records' && activityEntries(el).length === 2, 'counts and the log');
    expect(activityEntries(el).map(([sentence]) => sentence)).to.deep.equal(['Your connect page read your record counts · once today', 'Used by Health Decisions']);
    await expectAccessible(el);
  });

  it('keeps the public API: properties, status, refresh(), tokenProvider, events, parts and theming', async () => {
    const user = await new FakeUser().setup({ status: STATUSES.authorized, minGeneration: 2 });
    let calls = 0;
    let events: { type: string; detail: unknown }[] = [];
    const el = await mount({
      user,
      attributes: { mode: 'redirect', 'return-url': 'http://localhost/back', locale: 'en' },
      before: (element) => {
        events = recordEvents(element);
        element.removeAttribute('token');
        element.tokenProvider = () => user.token(++calls);
      },
    });
    expect([el.apiBase, el.mode, el.returnUrl, el.locale, el.returnHref]).to.deep.equal([
      el.getAttribute('api-base'),
      'redirect',
      'http://localhost/back',
      'en',
      '/precision-medicine',
    ]);
    expect(el.status).to.deep.equal(STATUSES.authorized);
    expect(calls).to.equal(2);
    button(el, 'confirm').click();
    await waitFor(() => el.status?.state === 'connected', 'connected');
    expect(events.map((e) => e.type)).to.deep.equal(['healthex-status-change', 'healthex-status-change', 'healthex-connected']);
    await user.update({ status: STATUSES.reauth_required });
    // (The counts read after confirming may see reauth_required first and re-read the status itself.)
    await el.refresh();
    await waitFor(() => bannerText(el).includes('Please reconnect your records'), 'the reconnect banner');
    el.style.setProperty('--healthex-color-accent', 'rgb(1, 2, 3)');
    expect(getComputedStyle($(el, '[part~="step-number"]')).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle($(el, '[part~="banner"]')).borderTopLeftRadius).to.equal('12px');
  });

  it('failures: the counts note, the error banner and retry', async () => {
    const user = await new FakeUser().setup({
      status: STATUSES.connected,
      failures: [
        { path: 'records.summary', code: 'HEALTHEX_UNAVAILABLE' },
        { path: 'connection.disconnect', code: 'SERVICE_UNAVAILABLE' },
      ],
    });
    const el = await mount({ user });
    await waitFor(() => el.shadowRoot!.querySelector('[part~="counts-note"]'), 'the counts note');
    button(el, 'counts-retry').click();
    await waitFor(() => counts(el)[0] === 'No records', 'the counts');
    button(el, 'disconnect').click();
    ($(el, '[data-dialog-confirm]') as HTMLButtonElement).click();
    await waitFor(() => el.shadowRoot!.querySelector("[data-action='retry']"), 'the retry button');
    expect(bannerText(el)).to.contain('Salus AI’s connection service is temporarily unavailable.');
    button(el, 'retry').click();
    await waitFor(() => el.status?.state === 'not_connected', 'disconnected');
    await el.updateComplete;
    expect(counts(el)).to.deep.equal([]);
    expect(text($(el, '[part~="banner-title"]'))).to.contain('Disconnected — Salus AI no longer reads your HealthEx records');
  });
  it('renders the regions below the banner from healthex-connect.page.min.js: fetched once per page, pinned by the manifest’s hash, sharing the first file’s code', async () => {
    const base = new URL(bundleUrl, location.href);
    const pageFile = new URL('healthex-connect.page.min.js', base).href;
    const requests = (url: string) => performance.getEntriesByType('resource').filter((entry) => entry.name === url).length;
    const manifest = (await (await fetch('/widget/dist/manifest.json')).json()) as { parts: { page: { file: string; integrity: string } } };
    expect(manifest.parts.page.file).to.equal('healthex-connect.page.min.js');
    const user = await new FakeUser().setup({ status: STATUSES.not_connected });
    const el = await mount({ user });
    await waitFor(() => el.shadowRoot!.querySelector('[part~="privacy"]') !== null, 'the regions below the banner');
    expect(el.shadowRoot!.querySelectorAll('[part~="step"]')).to.have.length(4);
    expect(el.shadowRoot!.querySelector('.page-failed')).to.equal(null);
    // The styles that came with the regions apply: the steps are laid out as a grid.
    expect(getComputedStyle($(el, '[part~="steps"]')).display).to.equal('grid');
    // The hash check and the module (modulepreload with integrity), once for every element of the page.
    expect(requests(pageFile)).to.equal(2);
    const preload = document.querySelector<HTMLLinkElement>(`link[rel="modulepreload"][href="${pageFile}"]`);
    expect(preload?.integrity).to.equal(manifest.parts.page.integrity);
    // What the part shares with the first file comes from the module the page already ran, not a second copy.
    expect(performance.getEntriesByType('resource').filter((entry) => entry.name.startsWith(new URL('healthex-connect.min.js', base).href))).to.have.length.at.most(1);
  });

  it('speaks Spanish from healthex-connect.es.min.js: fetched only when asked for, once per page, pinned by the manifest’s hash', async () => {
    const spanishFile = new URL('healthex-connect.es.min.js', new URL(bundleUrl, location.href)).href;
    const fetched = () => performance.getEntriesByType('resource').filter((entry) => entry.name === spanishFile).length;
    // The tests above were all English: the Spanish file has not been asked for.
    expect(fetched()).to.equal(0);
    const manifest = (await (await fetch('/widget/dist/manifest.json')).json()) as { locales: { es: { integrity: string } } };
    const user = await new FakeUser().setup({ status: STATUSES.not_connected });
    const first = await mount({ user, attributes: { locale: 'es' } });
    await waitFor(() => bannerText(first).includes('Expedientes aún no conectados'), 'the Spanish banner');
    // Two requests: the hash check (fetch with integrity), then the module itself (modulepreload with integrity).
    expect(fetched()).to.equal(2);
    const second = await mount({ user, lang: 'es' });
    await waitFor(() => bannerText(second).includes('Expedientes aún no conectados'), 'a second Spanish element');
    expect(fetched()).to.equal(2);
    const preload = document.querySelector<HTMLLinkElement>(`link[rel="modulepreload"][href="${spanishFile}"]`);
    expect(preload?.integrity).to.equal(manifest.locales.es.integrity);
    await expectAccessible(first);
  });
});
