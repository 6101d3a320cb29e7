/// <reference types="mocha" />
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import type { HealthexConnect } from './healthex-connect.js';
import type { ActivityEvent, ConnectionState, RecordCategory } from './types.js';
import {
  $,
  FakeUser,
  STATUSES,
  activityEntries,
  bannerText,
  button,
  cleanup,
  counts,
  expectAccessible,
  focused,
  maybeButton,
  mount,
  recordEvents,
  text,
  waitFor,
  type Scenario,
} from './testing/helpers.js';

const RECORDS: Partial<Record<RecordCategory, number>> = {
  labs: 12,
  medications: 1,
  visit_notes: 0,
  diagnoses: 1234,
  imaging: 2,
  hospital: 0,
  immunizations: 7,
  procedures: 3,
  allergies: 0,
};
const INCLUDED_EN = 'Included in what HealthEx shares';
/** The whole history, so no window is named. Imaging Reports and Hospital Records have no count at HealthEx: "included", whatever the scenario says. */
const COUNTS_EN = ['12 records', '1 record', 'No records', '1,234 records', INCLUDED_EN, INCLUDED_EN, '7 records', '3 records', 'No records'];
const INCLUDED_ES = 'Incluido en lo que comparte HealthEx';
const COUNTS_ES = ['12 registros', '1 registro', 'Sin registros', '1234 registros', INCLUDED_ES, INCLUDED_ES, '7 registros', '3 registros', 'Sin registros'];
const NONE_EN = COUNTS_EN.map((t) => (t === INCLUDED_EN ? t : 'No records'));
/** The line the connect page's own read of the counts leaves in the log (once, today). */
const COUNTS_READ_EN = 'Your connect page read your record counts · once today';

/** A history, newest first, with every action, failures and denials, known and unknown features. */
const HISTORY: ActivityEvent[] = [
  { at: '2025-03-09T16:45:00.000Z', action: 'used', outcome: 'success', feature: 'health-decisions' },
  { at: '2025-03-09T09:00:00.000Z', action: 'used', outcome: 'denied', feature: 'manage-my-health' },
  { at: '2025-03-08T08:30:00.000Z', action: 'used', outcome: 'success', feature: '<img src=x onerror="window.pwned=1">' },
  { at: '2025-03-07T07:00:00.000Z', action: 'refreshed', outcome: 'success' },
  { at: '2025-03-06T06:00:00.000Z', action: 'refreshed', outcome: 'failure' },
  { at: '2025-03-05T12:00:00.000Z', action: 'confirmed', outcome: 'success' },
  { at: '2025-03-04T10:00:00.000Z', action: 'authorized', outcome: 'success' },
  { at: '2025-03-03T10:00:00.000Z', action: 'authorized', outcome: 'denied' },
  { at: '2025-03-02T10:00:00.000Z', action: 'disconnected', outcome: 'success' },
  { at: '2025-03-01T10:00:00.000Z', action: 'revoked', outcome: 'success' },
];

const STATES: ConnectionState[] = ['not_connected', 'authorized', 'connected', 'reauth_required'];

async function mountWith(scenario: Scenario, locale?: 'en' | 'es'): Promise<{ el: HealthexConnect; user: FakeUser }> {
  const user = await new FakeUser().setup(scenario);
  const el = await mount({ user, ...(locale ? { attributes: { locale } } : {}) });
  return { el, user };
}

/** Waits until the access log has been read (it is read last, after the counts). */
async function logRead(user: FakeUser, times = 1): Promise<void> {
  await waitFor(async () => (await user.calls('activity.log')).length >= times, 'the access log read');
}

function when(iso: string, locale: 'en' | 'es' = 'en'): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

async function tabTo(el: HealthexConnect, target: () => Element, max = 30): Promise<void> {
  (document.activeElement as HTMLElement | null)?.blur();
  for (let i = 0; i < max; i++) {
    if (focused(el) === target()) return;
    await sendKeys({ press: 'Tab' });
  }
  expect(focused(el), 'not reachable with Tab').to.equal(target());
}

describe('record counts and access log', () => {
  afterEach(cleanup);

  describe('accessibility (axe-core, no violations)', () => {
    for (const locale of ['en', 'es'] as const) {
      it(`connected, with counts and the access log (${locale})`, async () => {
        const { el } = await mountWith({ status: STATUSES.connected, records: RECORDS, activity: HISTORY }, locale);
        await waitFor(() => counts(el)[0] !== '' && activityEntries(el).length === 11, 'counts and the log');
        await expectAccessible(el);
      });

      it(`the counts could not be loaded (${locale})`, async () => {
        const { el } = await mountWith({ status: STATUSES.connected, failures: [{ path: 'records.summary', code: 'HEALTHEX_UNAVAILABLE' }] }, locale);
        await waitFor(() => maybeButton(el, 'counts-retry'), 'the counts note');
        await expectAccessible(el);
      });

      it(`counts loading (${locale})`, async () => {
        const { el, user } = await mountWith({ status: STATUSES.connected, records: RECORDS, hold: ['records.summary'] }, locale);
        await waitFor(() => counts(el).length === 9, 'the count lines');
        await expectAccessible(el);
        await user.update({ hold: [] });
      });

      it(`not connected, with history (${locale})`, async () => {
        const { el } = await mountWith({ activity: HISTORY.slice(8) }, locale);
        await waitFor(() => activityEntries(el).length === 2, 'the access log');
        await expectAccessible(el);
      });
    }
  });

  describe('counts on the category tiles', () => {
    it('connected: each tile says how many records it holds, in plain words', async () => {
      const { el, user } = await mountWith({ status: STATUSES.connected, records: RECORDS });
      await waitFor(() => counts(el)[0] === COUNTS_EN[0], 'the counts');
      expect(counts(el)).to.deep.equal(COUNTS_EN);
      // Read with their category (the emoji is hidden from screen readers).
      const tiles = [...el.shadowRoot!.querySelectorAll('[part~="category"]')];
      expect(text(tiles[0]!)).to.equal('🧬Lab Results 12 records');
      expect(tiles[0]!.querySelector('[aria-hidden="true"]')?.textContent).to.equal('🧬');
      expect(text(tiles[2]!)).to.equal('📋Visit Notes No records');
      expect($(el, '[part~="categories"]').hasAttribute('aria-busy')).to.equal(false);
      expect(await user.calls('records.summary')).to.have.length(1);
      expect(maybeButton(el, 'counts-retry')).to.equal(null);
    });

    it('a category with nothing says so plainly', async () => {
      const { el } = await mountWith({ status: STATUSES.connected, records: {} });
      await waitFor(() => counts(el)[0] !== '', 'the counts');
      expect(counts(el)).to.deep.equal(NONE_EN);
    });

    for (const state of STATES.filter((s) => s !== 'connected')) {
      it(`${state}: no counts, and none are asked for`, async () => {
        const { el, user } = await mountWith({ status: STATUSES[state], records: RECORDS });
        await logRead(user);
        await el.updateComplete;
        expect(counts(el)).to.deep.equal([]);
        expect(el.shadowRoot!.querySelectorAll('[part~="category"]')).to.have.length(9);
        expect(await user.calls('records.summary')).to.deep.equal([]);
      });
    }

    it('while loading, the tiles show no count, and nothing moves when the counts arrive', async () => {
      const { el, user } = await mountWith({ status: STATUSES.connected, records: RECORDS, hold: ['records.summary'] });
      await waitFor(() => counts(el).length === 9, 'the count lines');
      expect(counts(el)).to.deep.equal(Array(9).fill(''));
      expect($(el, '[part~="categories"]').getAttribute('aria-busy')).to.equal('true');
      const boxes = () => [...el.shadowRoot!.querySelectorAll('[part~="category"]')].map((tile) => JSON.stringify(tile.getBoundingClientRect()));
      const before = boxes();
      const stepsTop = $(el, '[part~="steps"]').getBoundingClientRect().top;
      await user.update({ hold: [] });
      await waitFor(() => counts(el)[0] === COUNTS_EN[0], 'the counts');
      expect(boxes()).to.deep.equal(before);
      expect($(el, '[part~="steps"]').getBoundingClientRect().top).to.equal(stepsTop);
      expect($(el, '[part~="categories"]').hasAttribute('aria-busy')).to.equal(false);
    });

    it('Spanish wording', async () => {
      const { el } = await mountWith({ status: STATUSES.connected, records: RECORDS }, 'es');
      await waitFor(() => counts(el)[0] !== '', 'the counts');
      expect(counts(el)).to.deep.equal(COUNTS_ES);
      expect(text(el.shadowRoot!.querySelector('[part~="category"]')!)).to.equal('🧬Resultados de laboratorio 12 registros');
    });

    const MIXED: Scenario = {
      status: STATUSES.connected,
      records: { labs: 250, medications: 4, visit_notes: 6, diagnoses: 5, immunizations: 1, procedures: 3, allergies: 2 },
      more: ['labs'],
      included: ['visit_notes'],
      unavailable: ['procedures'],
      windows: { immunizations: 10, allergies: 1 },
      active: { diagnoses: 4, medications: 1 },
    };
    const MIXED_WORDS = {
      en: [
        '250 or more records',
        '4 records · 1 active',
        INCLUDED_EN,
        '5 records · 4 active',
        INCLUDED_EN,
        INCLUDED_EN,
        '1 record in the last 10 years',
        'Count unavailable',
        '2 records in the last year',
      ],
      es: [
        '250 o más registros',
        '4 registros · 1 activo',
        INCLUDED_ES,
        '5 registros · 4 activos',
        INCLUDED_ES,
        INCLUDED_ES,
        '1 registro en los últimos 10 años',
        'Recuento no disponible',
        '2 registros en el último año',
      ],
    };
    for (const locale of ['en', 'es'] as const) {
      it(`whole-history counts, "or more", "included", "unavailable", "N active" and a narrower window named only where it applies (${locale})`, async () => {
        const { el } = await mountWith(MIXED, locale);
        await waitFor(() => counts(el)[0] !== '', 'the counts');
        expect(counts(el)).to.deep.equal(MIXED_WORDS[locale]);
      });
    }

    it('every counted tile names the window when the whole history was not available (fallback to HealthEx’s default)', async () => {
      for (const locale of ['en', 'es'] as const) {
        const { el } = await mountWith({ status: STATUSES.connected, records: { labs: 12, medications: 0 }, windowYears: 3 }, locale);
        await waitFor(() => counts(el)[0] !== '', 'the counts');
        expect(counts(el).slice(0, 2)).to.deep.equal(locale === 'en' ? ['12 records in the last 3 years', 'No records in the last 3 years'] : ['12 registros en los últimos 3 años', 'Sin registros en los últimos 3 años']);
        cleanup();
      }
    });

    it('HEALTHEX_UNAVAILABLE: a small note with Try again (no error event, banner untouched), and Try again recovers', async () => {
      const user = await new FakeUser().setup({
        status: STATUSES.connected,
        records: RECORDS,
        failures: [{ path: 'records.summary', code: 'HEALTHEX_UNAVAILABLE' }],
      });
      let events: ReturnType<typeof recordEvents> = [];
      const el = await mount({ user, before: (element) => (events = recordEvents(element)) });
      await waitFor(() => maybeButton(el, 'counts-retry'), 'the counts note');
      expect(text($(el, '[part~="counts-note"]'))).to.equal('Your record counts could not be loaded just now. Try again');
      expect(counts(el)).to.deep.equal(Array(9).fill(''));
      expect(bannerText(el)).to.contain('Records connected');
      expect(maybeButton(el, 'retry')).to.equal(null);
      expect(events.map((e) => e.type)).to.deep.equal(['healthex-status-change']);
      // The access log is read all the same.
      await logRead(user);

      button(el, 'counts-retry').click();
      await waitFor(() => counts(el)[0] === COUNTS_EN[0], 'the counts after Try again');
      expect(counts(el)).to.deep.equal(COUNTS_EN);
      expect(maybeButton(el, 'counts-retry')).to.equal(null);
      expect((await user.calls('records.summary')).map((c) => c.outcome)).to.deep.equal(['HEALTHEX_UNAVAILABLE', 'ok']);
    });

    it('Try again is keyboard reachable; after it, focus lands on the tiles', async () => {
      const { el } = await mountWith({ status: STATUSES.connected, records: RECORDS, failures: [{ path: 'records.summary', code: 'SERVICE_UNAVAILABLE' }] });
      await waitFor(() => maybeButton(el, 'counts-retry'), 'the counts note');
      await tabTo(el, () => button(el, 'counts-retry'));
      await sendKeys({ press: 'Enter' });
      await waitFor(() => counts(el)[0] === COUNTS_EN[0], 'the counts after Try again');
      await waitFor(() => focused(el) === $(el, '[part~="categories"]'), 'focus on the tiles');
    });

    it('REAUTH_REQUIRED: the status is read again and the banner asks to reconnect', async () => {
      const user = await new FakeUser().setup({
        status: STATUSES.connected,
        records: RECORDS,
        failures: [{ path: 'records.summary', code: 'REAUTH_REQUIRED' }],
      });
      let events: ReturnType<typeof recordEvents> = [];
      const el = await mount({ user, before: (element) => (events = recordEvents(element)) });
      await waitFor(() => el.status?.state === 'reauth_required', 'the reauth_required status');
      await el.updateComplete;
      expect($(el, '[part~="banner"]').dataset['look']).to.equal('reauth_required');
      expect(bannerText(el)).to.contain('Please reconnect your records');
      expect(text(button(el, 'authorize'))).to.equal('Reconnect HealthEx');
      expect(button(el, 'authorize').disabled).to.equal(false);
      expect(counts(el)).to.deep.equal([]);
      expect(maybeButton(el, 'counts-retry')).to.equal(null);
      const change = events.filter((e) => e.type === 'healthex-status-change').map((e) => (e.detail as { status: { state: string } }).status.state);
      expect(change).to.deep.equal(['connected', 'reauth_required']);
      expect(events.some((e) => e.type === 'healthex-error')).to.equal(false);
      await logRead(user);
      expect((await user.calls()).map((c) => c.path).filter((path) => path !== 'activity.log' && path !== 'records.sharing')).to.deep.equal([
        'connection.status',
        'records.summary',
        'connection.status',
      ]);
    });

    it('NOT_CONNECTED (the state changed meanwhile): just no counts', async () => {
      const { el, user } = await mountWith({ status: STATUSES.connected, failures: [{ path: 'records.summary', code: 'NOT_CONNECTED' }] });
      await logRead(user);
      await el.updateComplete;
      expect(counts(el)).to.deep.equal([]);
      expect(maybeButton(el, 'counts-retry')).to.equal(null);
      expect(maybeButton(el, 'retry')).to.equal(null);
    });
  });

  describe('access log', () => {
    it('lists the last events, newest first, as plain sentences with their date and time', async () => {
      const { el, user } = await mountWith({ status: STATUSES.authorized, activity: [...HISTORY, { at: '2025-02-01T10:00:00.000Z', action: 'confirmed', outcome: 'success' }] });
      await waitFor(() => activityEntries(el).length > 0, 'the access log');
      expect(activityEntries(el)).to.deep.equal([
        ['Used by Health Decisions', HISTORY[0]!.at, when(HISTORY[0]!.at)],
        ['Could not be used by Manage My Health', HISTORY[1]!.at, when(HISTORY[1]!.at)],
        ['Used by a Salus AI feature', HISTORY[2]!.at, when(HISTORY[2]!.at)],
        ['Access refreshed', HISTORY[3]!.at, when(HISTORY[3]!.at)],
        ['Access could not be refreshed', HISTORY[4]!.at, when(HISTORY[4]!.at)],
        ['Turned on personalized guidance', HISTORY[5]!.at, when(HISTORY[5]!.at)],
        ['Authorized HealthEx access', HISTORY[6]!.at, when(HISTORY[6]!.at)],
        ['HealthEx access was not authorized', HISTORY[7]!.at, when(HISTORY[7]!.at)],
        ['Disconnect requested', HISTORY[8]!.at, when(HISTORY[8]!.at)],
        ['HealthEx confirmed the disconnect', HISTORY[9]!.at, when(HISTORY[9]!.at)],
      ]);
      // Ten events are asked for; an unknown feature id is shown as text, never as markup.
      expect((await user.record()).activityInputs).to.deep.equal([{ limit: 10 }]);
      // The eleventh is on the next screen: "Show earlier activity" adds it below.
      button(el, 'activity-earlier').click();
      await waitFor(() => activityEntries(el).length === 11, 'the earlier activity');
      expect(activityEntries(el)[10]![0]).to.equal('Turned on personalized guidance');
      expect(maybeButton(el, 'activity-earlier')).to.equal(null);
      expect((await user.record()).activityInputs).to.deep.equal([{ limit: 10 }, { limit: 10, before: HISTORY[9]!.at }]);
      expect(el.shadowRoot!.querySelector('img')).to.equal(null);
      expect((window as { pwned?: number }).pwned).to.equal(undefined);
      // Semantics: a section named by its heading, holding an ordered list with <time datetime>.
      const section = $(el, '[part~="activity"]');
      expect(section.tagName).to.equal('SECTION');
      expect(text(section.querySelector(`#${section.getAttribute('aria-labelledby')}`)!)).to.equal('Recent activity on your connection');
      expect($(el, '[part~="activity-list"]').tagName).to.equal('OL');
      expect(section.querySelectorAll('li > time[datetime]')).to.have.length(11);
      // After the privacy panel.
      expect($(el, '[part~="privacy"]').nextElementSibling).to.equal(section);
    });

    it('names the Salus features, and shows the page’s own read of the counts as one line for the day', async () => {
      const activity: ActivityEvent[] = [
        { at: '2025-03-09T12:00:00.000Z', action: 'used', outcome: 'success', feature: 'determine-diagnosis' },
        { at: '2025-03-09T11:00:00.000Z', action: 'used', outcome: 'failure', feature: 'health-decisions' },
      ];
      const { el } = await mountWith({ status: STATUSES.connected, activity });
      await waitFor(() => activityEntries(el).length === 3, 'the access log');
      expect(activityEntries(el).map(([sentence]) => sentence)).to.deep.equal([COUNTS_READ_EN, 'Used by Determine Diagnosis', 'Could not be used by Health Decisions']);
    });

    it('twenty visits of the page are one line for the day, and the grant stays in the first screen', async () => {
      // Around midday, so that every line is "today" (locally and in UTC) whenever the test runs.
      const noon = new Date();
      noon.setHours(12, 0, 0, 0);
      const now = noon.getTime();
      const reads: ActivityEvent[] = Array.from({ length: 20 }, (_, i) => [
        { at: new Date(now - (i + 1) * 60_000).toISOString(), action: 'used' as const, outcome: 'success' as const, feature: 'connect-records-summary' },
        { at: new Date(now - (i + 1) * 60_000 - 1000).toISOString(), action: 'used' as const, outcome: 'success' as const, feature: 'connect-records-status' },
      ]).flat();
      const granted: ActivityEvent[] = [
        { at: new Date(now - 40 * 60_000).toISOString(), action: 'confirmed', outcome: 'success' },
        { at: new Date(now - 41 * 60_000).toISOString(), action: 'authorized', outcome: 'success' },
      ];
      const { el } = await mountWith({ status: STATUSES.authorized, activity: [...reads, ...granted] });
      await waitFor(() => activityEntries(el).length === 4, 'the access log');
      expect(activityEntries(el).map(([sentence]) => sentence)).to.deep.equal([
        'Your connect page read your record counts · 20 times today',
        'Your connect page read when your records were last updated · 20 times today',
        'Turned on personalized guidance',
        'Authorized HealthEx access',
      ]);
    });

    it('names the page’s reads and the update requests, refused ones as refused, in both languages (never the generic phrase)', async () => {
      const activity: ActivityEvent[] = [
        { at: '2025-03-09T12:00:00.000Z', action: 'update_requested', outcome: 'denied' },
        { at: '2025-03-09T11:30:00.000Z', action: 'used', outcome: 'success', feature: 'connect-records-update' },
        { at: '2025-03-09T11:00:00.000Z', action: 'update_requested', outcome: 'success' },
        { at: '2025-03-09T10:30:00.000Z', action: 'used', outcome: 'success', feature: 'connect-records-status' },
        { at: '2025-03-09T10:00:00.000Z', action: 'used', outcome: 'success', feature: 'connect-records-summary' },
        { at: '2025-03-09T09:00:00.000Z', action: 'used', outcome: 'success', feature: 'connect-records-summary' },
      ];
      const sentences = async (locale: 'en' | 'es') => {
        const { el } = await mountWith({ status: STATUSES.authorized, activity }, locale);
        await waitFor(() => activityEntries(el).length === 4, 'the access log');
        return activityEntries(el).map(([sentence]) => sentence);
      };
      const day = (locale: 'en' | 'es') => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date('2025-03-09T10:30:00.000Z'));
      expect(await sentences('en')).to.deep.equal([
        'Your request for your latest records was refused: they were updated recently',
        'Asked HealthEx for your latest records',
        `Your connect page read when your records were last updated · once on ${day('en')}`,
        `Your connect page read your record counts · 2 times on ${day('en')}`,
      ]);
      expect(await sentences('es')).to.deep.equal([
        'Se rechazó su solicitud de sus expedientes más recientes: se actualizaron hace poco',
        'Pidió a HealthEx sus expedientes más recientes',
        `Su página de conexión leyó cuándo se actualizaron sus expedientes por última vez · una vez el ${day('es')}`,
        `Su página de conexión leyó sus recuentos de registros · 2 veces el ${day('es')}`,
      ]);
    });

    it('is not shown when there is no history', async () => {
      const { el, user } = await mountWith({});
      await logRead(user);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="activity"]')).to.equal(null);
    });

    it('is read again after confirming and after disconnecting; the counts come and go', async () => {
      const { el, user } = await mountWith({ status: STATUSES.authorized, records: RECORDS, activity: [HISTORY[6]!] });
      await waitFor(() => activityEntries(el).length === 1, 'the access log');
      expect(counts(el)).to.deep.equal([]);

      button(el, 'confirm').click();
      await waitFor(() => activityEntries(el).length === 3, 'the access log after confirming');
      expect(activityEntries(el).map(([sentence]) => sentence)).to.deep.equal([COUNTS_READ_EN, 'Turned on personalized guidance', 'Authorized HealthEx access']);
      expect(counts(el)).to.deep.equal(COUNTS_EN);

      button(el, 'disconnect').click();
      ($(el, '[data-dialog-confirm]') as HTMLButtonElement).click();
      await waitFor(() => activityEntries(el).length === 4, 'the access log after disconnecting');
      expect(activityEntries(el)[0]![0]).to.equal('Disconnect requested');
      expect(counts(el)).to.deep.equal([]);
      expect(await user.calls('activity.log')).to.have.length(3);
    });

    it('is read again after authorizing at HealthEx (popup)', async () => {
      const { el } = await mountWith({});
      button(el, 'authorize').click();
      await waitFor(() => activityEntries(el).length === 1, 'the access log after authorizing', 10_000);
      expect(activityEntries(el)[0]![0]).to.equal('Authorized HealthEx access');
    });

    it('Spanish sentences and dates', async () => {
      const { el } = await mountWith({ status: STATUSES.authorized, activity: HISTORY }, 'es');
      await waitFor(() => activityEntries(el).length === 10, 'the access log');
      expect(text($(el, '[part~="activity"] h2'))).to.equal('Actividad reciente de su conexión');
      expect(activityEntries(el).map(([sentence, , time]) => [sentence, time])).to.deep.equal([
        ['Usados por Decisiones de Salud', when(HISTORY[0]!.at, 'es')],
        ['No pudieron ser usados por Gestionar Mi Salud', when(HISTORY[1]!.at, 'es')],
        ['Usados por una función de Salus AI', when(HISTORY[2]!.at, 'es')],
        ['Acceso renovado', when(HISTORY[3]!.at, 'es')],
        ['No se pudo renovar el acceso', when(HISTORY[4]!.at, 'es')],
        ['Activó la orientación personalizada', when(HISTORY[5]!.at, 'es')],
        ['Autorizó el acceso a HealthEx', when(HISTORY[6]!.at, 'es')],
        ['No se autorizó el acceso a HealthEx', when(HISTORY[7]!.at, 'es')],
        ['Desconexión solicitada', when(HISTORY[8]!.at, 'es')],
        ['HealthEx confirmó la desconexión', when(HISTORY[9]!.at, 'es')],
      ]);
      expect(when(HISTORY[0]!.at, 'es')).to.not.equal(when(HISTORY[0]!.at, 'en'));
    });

    it('a failed log read leaves the page usable, without an error event', async () => {
      const user = await new FakeUser().setup({ activity: HISTORY, failures: [{ path: 'activity.log', code: 'SERVICE_UNAVAILABLE' }] });
      let events: ReturnType<typeof recordEvents> = [];
      const el = await mount({ user, before: (element) => (events = recordEvents(element)) });
      await logRead(user);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="activity"]')).to.equal(null);
      expect(maybeButton(el, 'retry')).to.equal(null);
      expect(events.map((e) => e.type)).to.deep.equal(['healthex-status-change']);
      await el.refresh();
      await waitFor(() => activityEntries(el).length === 10, 'the access log after refresh()');
    });
  });

  it('exposes the new parts for theming', async () => {
    const { el } = await mountWith({ status: STATUSES.connected, records: RECORDS, activity: HISTORY });
    await waitFor(() => counts(el)[0] !== '' && activityEntries(el).length > 0, 'counts and the log');
    for (const part of ['category-count', 'activity', 'activity-list', 'activity-event']) {
      expect(el.shadowRoot!.querySelector(`[part~="${part}"]`), part).to.not.equal(null);
    }
  });
});
