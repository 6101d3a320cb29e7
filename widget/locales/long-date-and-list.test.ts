/// <reference types="mocha" />
import { expect } from 'chai';
import { FakeUser, STATUSES, $, cleanup, expectAccessible, mount, text } from '../testing/helpers.js';
import { en } from './en.js';
import { es } from './es.js';
import type { Locale } from './index.js';

const LOCALES = { en, es } satisfies Record<Locale, unknown>;

/** The hand-written formatters must write exactly what Intl writes, in this browser, for every locale. */
describe('Copy.longDate and Copy.list (the banner without Intl)', () => {
  afterEach(cleanup);

  it('the connected banner written with them is accessible, in Spanish with an unknown "i…" scope', async () => {
    const user = await new FakeUser().setup({ status: { ...STATUSES.connected, scope: ['patient/*.read', 'openid'] } });
    const el = await mount({ user, lang: 'es' });
    expect(text($(el, '[data-scope]'))).to.equal('Acceso concedido: leer sus expedientes médicos y openid.');
    expect(text($(el, '[data-since]'))).to.equal(
      `Conectados desde el ${new Intl.DateTimeFormat('es', { dateStyle: 'long' }).format(new Date(STATUSES.connected.connectedAt!))}.`,
    );
    await expectAccessible(el);
  });

  for (const locale of Object.keys(LOCALES) as Locale[]) {
    const copy = LOCALES[locale];

    it(`${locale}: longDate equals Intl.DateTimeFormat(…, { dateStyle: 'long' }) for every month and day, local time`, () => {
      const intl = new Intl.DateTimeFormat(copy.lang, { dateStyle: 'long' });
      const dates: Date[] = [];
      for (const year of [1999, 2024, 2025, 2026, 2031]) {
        for (let month = 0; month < 12; month += 1) dates.push(new Date(year, month, 1, 0, 0, 0), new Date(year, month, 15, 12, 30), new Date(year, month + 1, 0, 23, 59, 59, 999));
      }
      for (let day = 1; day <= 31; day += 1) dates.push(new Date(2025, 2, day, 7));
      // The instants the service sends (UTC ISO strings), read in this browser's time zone.
      dates.push(new Date('2025-03-05T12:00:00.000Z'), new Date('2025-12-31T23:30:00.000Z'), new Date('2026-01-01T00:30:00.000Z'));
      for (const date of dates) expect(copy.longDate(date), date.toISOString()).to.equal(intl.format(date));
    });

    it(`${locale}: list equals Intl.ListFormat(…, { type: 'conjunction' }) for 1–4 items and every last word`, () => {
      const intl = new Intl.ListFormat(copy.lang, { type: 'conjunction' });
      // Spanish writes "e" for "y" before an /i/ sound ("i…", "hi…" but not "hia…", "hie…"): the edge cases.
      const lasts = ['openid', 'Ir', 'IR', 'i', 'hi', 'Hi', 'hilo', 'hio', 'hiu', 'hia', 'hie', 'hielo', 'HIE', 'hIa', 'h', 'hh', 'ímpetu', 'hígado', 'y', 'yo', 'offline_access', ''];
      const labels = Object.values(copy.scopes);
      for (const last of [...lasts, ...labels]) {
        for (const items of [[last], ['a', last], ['a', 'b', last], [labels[0]!, 'b', 'c', last]]) {
          expect(copy.list(items), JSON.stringify(items)).to.equal(intl.format(items));
        }
      }
      expect(copy.list([])).to.equal(intl.format([]));
    });
  }
});
