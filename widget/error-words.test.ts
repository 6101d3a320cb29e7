/// <reference types="mocha" />
/**
 * Patient words for every error code, in English and Spanish: the table covers every code, and each
 * code a status read can fail with shows its words on the page (and its developer detail only in
 * the event).
 */
import { expect } from 'chai';
import { en } from './locales/en.js';
import { es } from './locales/es.js';
import type { Locale } from './locales/index.js';
import { FakeUser, bannerText, cleanup, expectAccessible, mount, recordEvents, waitFor, type FailureCode } from './testing/helpers.js';
import { APP_ERROR_CODES, CONFIGURATION_ERROR_CODES } from './types.js';

const LOCALES = { en, es } satisfies Record<Locale, unknown>;

const WIDGET_CODES = ['NETWORK', 'POPUP_BLOCKED', ...CONFIGURATION_ERROR_CODES] as const;
/** Words that are for developers, not patients. */
const DEVELOPER_WORDS = /JWT|token|tRPC|CORS|appCode|\bHTTP\b|stack|undefined|null|[A-Z]{2,}_[A-Z]/;

describe('patient words for every error code', () => {
  afterEach(cleanup);

  it('an error banner is accessible (axe)', async () => {
    const user = await new FakeUser().setup({ failures: [{ path: 'connection.status', code: 'INTERNAL' }] });
    const el = await mount({ user, waitForStatus: false });
    await waitFor(() => bannerText(el).includes('Something went wrong'), 'the error');
    await expectAccessible(el);
  });

  it('every code (the service’s and the widget’s own) has patient words in every language', () => {
    const codes = [...APP_ERROR_CODES, ...WIDGET_CODES];
    for (const locale of Object.keys(LOCALES) as (keyof typeof LOCALES)[]) {
      expect(Object.keys(LOCALES[locale].errors).sort(), locale).to.deep.equal([...codes].sort());
    }
    for (const code of codes) {
      for (const locale of Object.keys(LOCALES) as (keyof typeof LOCALES)[]) {
        const words = LOCALES[locale].errors[code];
        expect(words, `${code} in ${locale}`).to.be.a('string').and.have.length.above(10);
        expect(words, `${code} in ${locale}`).to.not.match(DEVELOPER_WORDS);
      }
      expect(en.errors[code], `${code}: es is not en`).to.not.equal(es.errors[code]);
    }
  });

  for (const locale of ['en', 'es'] as const) {
    for (const code of [...APP_ERROR_CODES, 'NETWORK'] as FailureCode[]) {
      it(`${code} shows its patient words (${locale}), its detail only in the event`, async () => {
        const user = await new FakeUser().setup({ failures: [{ path: 'connection.status', code }] });
        let events: ReturnType<typeof recordEvents> = [];
        const el = await mount({ user, waitForStatus: false, attributes: { locale }, before: (e) => (events = recordEvents(e, ['healthex-error'])) });
        await waitFor(() => events.length > 0, 'healthex-error');
        await el.updateComplete;
        const expected = LOCALES[locale].errors[code].replace('{host}', 'Salus AI');
        expect(bannerText(el)).to.contain(expected);
        const detail = events[0]!.detail as { code: string; message: string; detail: string };
        expect(detail.code).to.equal(code);
        expect(detail.message).to.equal(expected);
        if (detail.detail) expect(el.shadowRoot!.textContent, 'the developer detail stays off the page').to.not.contain(detail.detail);
      });
    }
  }
});
