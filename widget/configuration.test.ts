/// <reference types="mocha" />
/**
 * Loud misconfiguration: no token within a second, an `api-base` that is not a URL, a throwing
 * `tokenProvider` → a patient-safe banner, a `healthex-error` with a stable `CONFIGURATION_*` code
 * and one console warning naming the fix; `open()` returns false with the same warning.
 */
import { expect } from 'chai';
import { CONFIGURATION_FIX } from './configuration.js';
import type { HealthexConnect } from './healthex-connect.js';
import { $, FakeUser, bannerText, cleanup, expectAccessible, maybeButton, mount, recordEvents, waitFor } from './testing/helpers.js';
import type { ConfigurationErrorCode } from './types.js';

const NOT_SET_UP = { en: 'This page isn’t set up to connect records yet', es: 'Esta página aún no está preparada para conectar expedientes' };

/** Records console.warn calls while the test runs (passed on to the real one, which the runner relies on). */
function captureWarnings(): { warnings: string[]; restore: () => void } {
  const original = console.warn;
  const warnings: string[] = [];
  console.warn = function (...args: unknown[]) {
    warnings.push(args.map((arg) => (typeof arg === 'string' ? arg : typeof arg)).join(' '));
    original.apply(console, args);
  };
  return { warnings, restore: () => void (console.warn = original) };
}

let capture: ReturnType<typeof captureWarnings>;
let events: ReturnType<typeof recordEvents>;

async function misconfigured(options: Parameters<typeof mount>[0] = {}): Promise<HealthexConnect> {
  return mount({ ...options, waitForStatus: false, before: (el) => { events = recordEvents(el, ['healthex-error']); options.before?.(el); } });
}

async function expectMisconfigured(el: HealthexConnect, code: ConfigurationErrorCode, locale: 'en' | 'es' = 'en'): Promise<void> {
  await waitFor(() => events.length > 0, `healthex-error ${code}`);
  await el.updateComplete;
  expect($(el, '[part~="banner"]').dataset['look']).to.equal('misconfigured');
  expect(bannerText(el)).to.contain(NOT_SET_UP[locale]);
  expect(bannerText(el), 'no developer words on the page').to.not.contain('token');
  expect(events.map((e) => e.detail)).to.deep.include({ code, message: (events[0]!.detail as { message: string }).message, detail: CONFIGURATION_FIX[code] });
  expect((events[0]!.detail as { code: string }).code).to.equal(code);
  expect(capture.warnings.filter((w) => w === CONFIGURATION_FIX[code]), 'one console warning naming the fix').to.have.length(1);
  // No action offered: nothing the patient can do fixes the page (step 3's button stays disabled).
  expect(el.shadowRoot!.querySelector('[part~="banner-action"]') === null, 'no banner action').to.equal(true);
  expect(maybeButton(el, 'authorize')?.disabled ?? true, 'Authorize disabled').to.equal(true);
}

describe('loud misconfiguration', () => {
  beforeEach(() => {
    capture = captureWarnings();
    events = [];
  });
  afterEach(() => {
    capture.restore();
    cleanup();
  });

  it('the misconfigured banner is accessible (axe), with the host’s support link', async () => {
    const el = await misconfigured({ profile: { name: 'Acme', supportHref: 'https://acme.example/help' } });
    await expectMisconfigured(el, 'CONFIGURATION_NO_TOKEN');
    const link = $(el, '[part~="banner"] a') as HTMLAnchorElement;
    expect([link.textContent, link.href]).to.deep.equal(['Contact Acme support', 'https://acme.example/help']);
    await expectAccessible(el);
  });

  for (const locale of ['en', 'es'] as const) {
    it(`no token and no tokenProvider: after a second, CONFIGURATION_NO_TOKEN (${locale})`, async () => {
      const started = performance.now();
      const el = await misconfigured({ attributes: { locale } });
      expect($(el, '[part~="banner"]').dataset['look'], 'a grace while a framework sets the token').to.equal('loading');
      await expectMisconfigured(el, 'CONFIGURATION_NO_TOKEN', locale);
      expect(performance.now() - started).to.be.at.least(900);
    });
  }

  it('a token set within the second is no misconfiguration; one set later recovers', async () => {
    const user = await new FakeUser().setup();
    const early = await misconfigured();
    early.token = user.token();
    await waitFor(() => early.status !== null, 'the status');
    const late = await misconfigured();
    await expectMisconfigured(late, 'CONFIGURATION_NO_TOKEN');
    late.token = user.token();
    await waitFor(() => late.status?.state === 'not_connected', 'the status once the token came');
    await late.updateComplete;
    expect($(late, '[part~="banner"]').dataset['look']).to.equal('not_connected');
    expect(events.filter((e) => (e.detail as { code: string }).code === 'CONFIGURATION_NO_TOKEN')).to.have.length(1);
  });

  it('an api-base that is not a URL: CONFIGURATION_API_BASE at once, and no request', async () => {
    const user = await new FakeUser().setup();
    const el = await misconfigured({ user, attributes: { 'api-base': 'connect.example.com' } });
    await expectMisconfigured(el, 'CONFIGURATION_API_BASE');
    expect(await user.calls()).to.deep.equal([]);
  });

  it('a tokenProvider that throws: CONFIGURATION_TOKEN_PROVIDER, its message only in the event', async () => {
    const user = await new FakeUser().setup();
    const el = await misconfigured({ user, before: (e) => (e.tokenProvider = () => { throw new Error('session cookie missing'); }) });
    await expectMisconfigured(el, 'CONFIGURATION_TOKEN_PROVIDER');
    expect(el.shadowRoot!.textContent).to.not.contain('session cookie missing');
  });

  it('open() returns false with the same warning, each time it is called', async () => {
    const el = await misconfigured();
    expect(el.open(), 'before the grace is over too').to.equal(false);
    expect(capture.warnings).to.deep.equal([CONFIGURATION_FIX.CONFIGURATION_NO_TOKEN]);
    await waitFor(() => events.length > 0, 'healthex-error');
    // The banner's own warning is not repeated (open() already named the fix); open() repeats it.
    expect(capture.warnings).to.deep.equal([CONFIGURATION_FIX.CONFIGURATION_NO_TOKEN]);
    expect(el.open()).to.equal(false);
    expect(capture.warnings).to.deep.equal([CONFIGURATION_FIX.CONFIGURATION_NO_TOKEN, CONFIGURATION_FIX.CONFIGURATION_NO_TOKEN]);
  });
});
