/// <reference types="mocha" />
/**
 * The patient's flow (issue 13): the next action in the banner, focus and scroll after a return from
 * HealthEx, the popup waiting state, the connected summary, the host events and `open()`, host-neutral
 * copy, the language order, and forged result flags.
 */
import { expect } from 'chai';
import type { HealthexConnect } from './healthex-connect.js';
import { browserNavigation } from './navigation.js';
import { pickLocale } from './locales/index.js';
import {
  $,
  FakeUser,
  STATUSES,
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
  trustedFlags,
  waitFor,
  type Scenario,
} from './testing/helpers.js';

const HOST_EVENTS = ['healthex-ready', 'healthex-exit'];

/** A popup the test controls: it stays open until `closed` is set. */
function heldPopup(el: HealthexConnect): { closed: boolean; focused: number; close(): void; focus(): void; location: { href: string } } {
  const popup = {
    closed: false,
    focused: 0,
    close() {
      this.closed = true;
    },
    focus() {
      this.focused++;
    },
    location: { href: '' },
  };
  el.navigation = { ...browserNavigation, open: () => popup as unknown as Window };
  return popup;
}

const SHARING = { organisations: ['Mercy General Hospital', 'Quest Diagnostics'], lastUpdatedAt: '2025-03-08T09:00:00.000Z', updating: false };

async function connected(scenario: Scenario = {}, attributes: Record<string, string> = {}): Promise<{ el: HealthexConnect; user: FakeUser }> {
  const user = await new FakeUser().setup({ status: STATUSES.connected, records: { labs: 12, medications: 250 }, ...scenario });
  const el = await mount({ user, attributes });
  await waitFor(() => counts(el)[0] !== '', 'the counts');
  return { el, user };
}

describe('the patient flow', () => {
  const originalUrl = location.href;
  afterEach(() => {
    history.replaceState(history.state, '', originalUrl);
    cleanup();
  });

  describe('accessibility (axe-core, no violations)', () => {
    for (const locale of ['en', 'es'] as const) {
      it(`waiting for the HealthEx window (${locale})`, async () => {
        const user = await new FakeUser().setup();
        const el = await mount({ user, attributes: { locale } });
        const popup = heldPopup(el);
        button(el, 'authorize').click();
        await waitFor(() => el.shadowRoot!.querySelector('[part~="waiting"]'), 'the waiting state');
        await expectAccessible(el);
        popup.closed = true;
      });

      it(`connected summary with organisations, "How this works" open (${locale})`, async () => {
        const { el } = await connected({ sharing: SHARING, unavailable: ['diagnoses'], more: ['medications'] }, { locale });
        await waitFor(() => el.shadowRoot!.querySelector('[part~="organisations"]'), 'the organisations');
        ($(el, '[part~="how-it-works"]') as HTMLDetailsElement).open = true;
        await expectAccessible(el);
      });

      it(`connected summary, sharing unknown, update rate limited (${locale})`, async () => {
        const { el } = await connected({ updateOutcome: { outcome: 'rate_limited', retryAfterSeconds: 300 } }, { locale });
        button(el, 'update').click();
        await waitFor(() => text($(el, '[part~="update-message"]')) !== '', 'the update message');
        await expectAccessible(el);
      });
    }
  });

  describe('the next action is in the banner', () => {
    for (const [state, action, label] of [
      ['not_connected', 'authorize', 'Authorize HealthEx access'],
      ['reauth_required', 'authorize', 'Reconnect HealthEx'],
      ['authorized', 'confirm', 'Mark as connected'],
      ['connected', 'disconnect', 'Disconnect'],
    ] as const) {
      it(`${state}: ${label}`, async () => {
        const user = await new FakeUser().setup({ status: STATUSES[state] });
        const el = await mount({ user });
        const inBanner = $(el, `[part~="banner"] [data-action='${action}']`);
        expect(text(inBanner)).to.equal(label);
        expect(inBanner.getAttribute('part')).to.contain('banner-action');
      });
    }

    it('Mark as connected in the banner confirms, like step 4', async () => {
      const user = await new FakeUser().setup({ status: STATUSES.authorized });
      const el = await mount({ user });
      $(el, `[part~="banner"] [data-action='confirm']`).click();
      await waitFor(() => el.status?.state === 'connected', 'connected');
    });

    it('no focus is moved on a plain page load', async () => {
      const user = await new FakeUser().setup({ status: STATUSES.authorized });
      const el = await mount({ user });
      await el.updateComplete;
      expect(focused(el)).to.equal(null);
      expect(document.activeElement).to.equal(document.body);
    });
  });

  describe('coming back from HealthEx (redirect)', () => {
    it('focus moves to "Mark as connected" and the widget scrolls into view', async () => {
      const user = await new FakeUser().setup({ status: STATUSES.authorized });
      const spacer = document.createElement('div');
      spacer.style.height = '3000px';
      document.body.prepend(spacer);
      try {
        history.replaceState(history.state, '', `${originalUrl}${await trustedFlags(user, '&healthex_result=authorized')}`);
        const el = await mount({ user });
        await waitFor(() => focused(el) === $(el, `[part~="banner"] [data-action='confirm']`), 'focus on the banner action');
        const top = el.getBoundingClientRect().top;
        expect(top).to.be.within(-1, window.innerHeight / 2);
        expect(location.href).to.equal(originalUrl);
      } finally {
        spacer.remove();
      }
    });

    it('a forged flag (no attempt of this tab) is dropped silently: no message, no focus', async () => {
      const user = await new FakeUser().setup();
      history.replaceState(history.state, '', `${originalUrl}&healthex_result=error&healthex_error=AUTHORIZATION_FAILED&healthex_attempt=guess`);
      const el = await mount({ user });
      expect(location.href).to.equal(originalUrl);
      expect(bannerText(el)).to.not.contain('did not complete');
      expect(maybeButton(el, 'retry')).to.equal(null);
      expect(focused(el)).to.equal(null);
      history.replaceState(history.state, '', `${originalUrl}&healthex_result=denied`);
      const again = await mount({ user });
      expect(bannerText(again)).to.not.contain('You did not grant access');
    });

    it('a flag is believed once: the nonce is used up', async () => {
      const user = await new FakeUser().setup();
      const flags = await trustedFlags(user, '&healthex_result=denied');
      history.replaceState(history.state, '', `${originalUrl}${flags}`);
      const first = await mount({ user });
      await waitFor(() => bannerText(first).includes('You did not grant access'), 'the confirmed denied message');
      history.replaceState(history.state, '', `${originalUrl}${flags}`);
      const second = await mount({ user });
      await second.updateComplete;
      expect(bannerText(second)).to.not.contain('You did not grant access');
      // The used-up nonce is not even asked about again.
      expect((await user.calls('connection.attempt')).length).to.equal(1);
    });
  });

  describe('waiting for the HealthEx window', () => {
    it('shows where the user clicked, with "Show the HealthEx window" and "Cancel"; Cancel goes back and says so', async () => {
      const user = await new FakeUser().setup();
      const el = await mount({ user });
      const events = recordEvents(el, HOST_EVENTS);
      const popup = heldPopup(el);
      const step = el.shadowRoot!.querySelector<HTMLButtonElement>(`[part~="step"] [data-action='authorize']`)!;
      step.focus();
      step.click();
      await waitFor(() => popup.location.href !== '', 'the popup sent to HealthEx');
      await el.updateComplete;
      const waiting = $(el, '[part~="step"] [part~="waiting"]');
      expect(text(waiting)).to.contain('Waiting for HealthEx');
      // The clicked button is disabled: focus is on "Show the HealthEx window".
      await waitFor(() => focused(el) === button(el, 'show-popup'), 'focus in the waiting state');
      button(el, 'show-popup').click();
      expect(popup.focused).to.equal(1);
      button(el, 'cancel-popup').click();
      await waitFor(() => el.shadowRoot!.querySelector('[part~="waiting"]') === null, 'the waiting state to end');
      expect(popup.closed).to.equal(true);
      expect(bannerText(el)).to.contain('The HealthEx window was closed, so nothing has changed.');
      expect(el.status?.state).to.equal('not_connected');
      expect(events.filter((e) => e.type === 'healthex-exit').map((e) => e.detail)).to.deep.equal([{ reason: 'cancelled' }]);
      await waitFor(() => focused(el) === button(el, 'authorize'), 'focus back on Authorize');
    });

    it('started from the banner, the waiting state is in the banner; closing the popup returns and fires popup_closed', async () => {
      const user = await new FakeUser().setup();
      const el = await mount({ user });
      const events = recordEvents(el, HOST_EVENTS);
      const popup = heldPopup(el);
      $(el, `[part~="banner"] [data-action='authorize']`).click();
      await waitFor(() => el.shadowRoot!.querySelector('[part~="banner"] [part~="waiting"]'), 'the waiting state in the banner');
      popup.closed = true;
      await waitFor(() => bannerText(el).includes('The HealthEx window was closed'), 'the closed notice');
      expect(events.filter((e) => e.type === 'healthex-exit').map((e) => e.detail)).to.deep.equal([{ reason: 'popup_closed' }]);
    });
  });

  describe('the connected summary', () => {
    it('organisations, last update, tiles in words, Manage sharing, and the steps behind "How this works"', async () => {
      const { el } = await connected({ sharing: SHARING, unavailable: ['diagnoses'], more: ['medications'] }, { 'manage-href': 'https://healthex.example/sharing' });
      await waitFor(() => el.shadowRoot!.querySelector('[part~="organisations"]'), 'the organisations');
      expect([...el.shadowRoot!.querySelectorAll('[part~="organisations"] li')].map(text)).to.deep.equal(SHARING.organisations);
      expect(text($(el, '[part~="sharing"]'))).to.contain('Records last updated March 8, 2025.');
      expect(counts(el).slice(0, 6)).to.deep.equal([
        '12 records',
        '250 or more records',
        'No records',
        'Count unavailable',
        'Included in what HealthEx shares',
        'Included in what HealthEx shares',
      ]);
      expect($(el, '[part~="manage-link"]').getAttribute('href')).to.equal('https://healthex.example/sharing');
      const how = $(el, '[part~="how-it-works"]') as HTMLDetailsElement;
      expect(how.tagName).to.equal('DETAILS');
      expect(how.open).to.equal(false);
      expect(how.querySelectorAll('[part~="step"]')).to.have.length(4);
    });

    it('unknown organisations: a plain sentence that they are listed at HealthEx', async () => {
      const { el } = await connected();
      expect(text($(el, '[part~="sharing"]'))).to.equal('The organizations you share from are listed at HealthEx.');
    });

    it('"Get latest records": started, then rate limited with the retry time', async () => {
      const { el, user } = await connected();
      button(el, 'update').click();
      await waitFor(() => text($(el, '[part~="update-message"]')).includes('getting your latest records'), 'the started message');
      await user.update({ updateOutcome: { outcome: 'rate_limited', retryAfterSeconds: 120 } });
      button(el, 'update').click();
      await waitFor(() => text($(el, '[part~="update-message"]')) === 'Your records were updated recently. Try again in 2 min.', 'the rate-limited message');
      await user.update({ updateOutcome: { outcome: 'rate_limited', retryAfterSeconds: null } });
      button(el, 'update').click();
      await waitFor(() => text($(el, '[part~="update-message"]')) === 'Your records were updated recently. Try again later.', 'no retry time');
      expect((await user.calls('records.update')).length).to.equal(3);
    });

    it('"Get latest records" refused because HealthEx no longer accepts the access: the banner asks to reconnect', async () => {
      const { el, user } = await connected();
      await user.update({ failures: [{ path: 'records.update', code: 'REAUTH_REQUIRED' }] });
      button(el, 'update').click();
      await waitFor(() => el.status?.state === 'reauth_required', 'the reauth_required status');
      await el.updateComplete;
      expect(bannerText(el)).to.contain('Please reconnect your records');
      expect(text(button(el, 'authorize'))).to.equal('Reconnect HealthEx');
      expect(maybeButton(el, 'update')).to.equal(null);
    });

    it('counts and sharing never block the banner', async () => {
      const user = await new FakeUser().setup({ status: STATUSES.connected, hold: ['records.summary', 'records.sharing'] });
      const el = await mount({ user });
      expect(bannerText(el)).to.contain('Records connected');
      expect(maybeButton(el, 'disconnect')).to.not.equal(null);
      await user.update({ hold: [] });
    });
  });

  describe('host API', () => {
    it('healthex-ready fires once, with the first status', async () => {
      const user = await new FakeUser().setup({ status: STATUSES.authorized });
      let events: ReturnType<typeof recordEvents> = [];
      const el = await mount({ user, before: (element) => (events = recordEvents(element, HOST_EVENTS)) });
      await el.refresh();
      expect(events).to.deep.equal([{ type: 'healthex-ready', detail: { status: STATUSES.authorized } }]);
    });

    it('healthex-exit: denied at HealthEx, and error with its code', async () => {
      const user = await new FakeUser().setup({ consent: 'deny' });
      const el = await mount({ user });
      const events = recordEvents(el, HOST_EVENTS);
      button(el, 'authorize').click();
      await waitFor(() => events.length === 1, 'the exit event', 10_000);
      expect(events[0]!.detail).to.deep.equal({ reason: 'denied' });
      await waitFor(() => button(el, 'authorize').getAttribute('aria-busy') === null, 'idle');
      await user.update({ consent: 'error', callbackError: 'HEALTHEX_UNAVAILABLE' });
      button(el, 'authorize').click();
      await waitFor(() => events.length === 2, 'the second exit event', 10_000);
      expect(events[1]!.detail).to.deep.equal({ reason: 'error', code: 'HEALTHEX_UNAVAILABLE' });
    });

    it('open() starts the authorization from the host’s own button; false when there is nothing to authorize', async () => {
      const user = await new FakeUser().setup();
      const el = await mount({ user });
      const popup = heldPopup(el);
      const hostButton = document.createElement('button');
      let started: boolean | undefined;
      hostButton.addEventListener('click', () => (started = el.open()));
      document.body.append(hostButton);
      try {
        hostButton.click();
        expect(started).to.equal(true);
        await waitFor(() => popup.location.href !== '', 'the popup sent to HealthEx');
        expect(el.open()).to.equal(false); // already waiting
        await waitFor(() => el.shadowRoot!.querySelector('[part~="banner"] [part~="waiting"]'), 'the waiting state in the banner');
        popup.closed = true;
        await waitFor(() => button(el, 'authorize').getAttribute('aria-busy') === null, 'idle');
      } finally {
        hostButton.remove();
      }
      const done = await mount({ user: await new FakeUser().setup({ status: STATUSES.connected }) });
      expect(done.open()).to.equal(false);
    });
  });

  describe('host-neutral copy', () => {
    it('host-name and tier-name replace Salus AI and Precision Medicine everywhere; links from attributes', async () => {
      const user = await new FakeUser().setup();
      const el = await mount({
        user,
        profile: null,
        attributes: { 'host-name': 'Northwind Care', 'tier-name': 'Care Plus', 'privacy-href': 'https://northwind.example/privacy', 'account-href': 'https://healthex.example/join' },
      });
      const all = text(el.shadowRoot!.querySelector('.root')!);
      expect(all).to.not.contain('Salus');
      expect(all).to.not.contain('Precision Medicine');
      expect(all).to.contain('Grant Northwind Care Access to Your Records');
      expect(text($(el, '[part~="return-link"]'))).to.equal('← Return to Care Plus');
      const links = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[part~="steps"] a')].map((a) => [text(a), a.getAttribute('href')]);
      expect(links).to.deep.equal([
        ['Create your HealthEx account', 'https://healthex.example/join'],
        ['Open HealthEx', 'https://www.healthex.io/'],
        ['Privacy Policy', 'https://northwind.example/privacy'],
      ]);
    });

    it('the Salus profile gives the seed’s copy, in Spanish too', async () => {
      const user = await new FakeUser().setup();
      const el = await mount({ user, attributes: { locale: 'es' } });
      expect(text($(el, '[part~="return-link"]'))).to.equal('← Volver a Medicina de Precisión');
      expect(text(el.shadowRoot!.querySelector('.root')!)).to.contain('Conceda a Salus AI acceso a sus expedientes');
    });
  });

  describe('language', () => {
    it('attribute, then lang, then navigator.languages, then English', () => {
      expect(pickLocale('es', 'en', ['en'])).to.equal('es');
      expect(pickLocale(undefined, 'es-MX', ['en'])).to.equal('es');
      expect(pickLocale(undefined, 'fr', ['es'])).to.equal('en');
      expect(pickLocale(undefined, null, ['fr-FR', 'es-419', 'en'])).to.equal('es');
      expect(pickLocale(undefined, '', ['de'])).to.equal('en');
    });

    it('follows the browser when the page sets no language', async () => {
      const html = document.documentElement;
      const lang = html.getAttribute('lang');
      html.removeAttribute('lang');
      const languages = Object.getOwnPropertyDescriptor(Navigator.prototype, 'languages')!;
      Object.defineProperty(navigator, 'languages', { configurable: true, get: () => ['es-ES', 'en'] });
      try {
        const user = await new FakeUser().setup();
        const el = await mount({ user });
        expect(bannerText(el)).to.contain('Expedientes aún no conectados');
      } finally {
        delete (navigator as { languages?: unknown }).languages;
        Object.defineProperty(Navigator.prototype, 'languages', languages);
        if (lang !== null) html.setAttribute('lang', lang);
      }
    });
  });
});
