/// <reference types="mocha" />
import { expect } from 'chai';
import type { HealthexConnect } from './healthex-connect.js';
import type { ConnectionState } from './types.js';
import {
  $,
  FakeUser,
  STATUSES,
  bannerText,
  button,
  cleanup,
  expectAccessible,
  maybeButton,
  mount,
  recordEvents,
  text,
  waitFor,
} from './testing/helpers.js';

const STATES: ConnectionState[] = ['not_connected', 'authorized', 'connected', 'reauth_required'];

async function mountIn(state: ConnectionState, locale?: 'en' | 'es'): Promise<{ el: HealthexConnect; user: FakeUser }> {
  const user = await new FakeUser().setup({ status: STATUSES[state] });
  const el = await mount({ user, ...(locale ? { attributes: { locale } } : {}) });
  return { el, user };
}

describe('<healthex-connect>', () => {
  afterEach(cleanup);

  describe('accessibility (axe-core, no violations)', () => {
    it('axe looks inside shadow roots (guard against a vacuous pass)', async () => {
      const host = document.createElement('div');
      host.attachShadow({ mode: 'open' }).innerHTML = '<button></button>';
      document.body.append(host);
      try {
        const results = await window.axe.run(host, { runOnly: { type: 'rule', values: ['button-name'] } });
        expect(results.violations.map((v) => v.id)).to.deep.equal(['button-name']);
      } finally {
        host.remove();
      }
    });

    for (const locale of ['en', 'es'] as const) {
      for (const state of STATES) {
        it(`${state} (${locale})`, async () => {
          const { el } = await mountIn(state, locale);
          await expectAccessible(el);
        });
      }

      it(`loading (${locale})`, async () => {
        // Without a token the widget waits for one, showing the loading look.
        const el = await mount({ attributes: { locale }, waitForStatus: false });
        expect($(el, '[part~="banner"]').dataset['look']).to.equal('loading');
        await expectAccessible(el);
      });

      it(`error with retry (${locale})`, async () => {
        const user = await new FakeUser().setup({ failures: [{ path: 'connection.status', code: 'SERVICE_UNAVAILABLE' }] });
        const el = await mount({ user, attributes: { locale }, waitForStatus: false });
        await waitFor(() => maybeButton(el, 'retry'), 'the retry button');
        await expectAccessible(el);
      });

      it(`disconnect dialog open (${locale})`, async () => {
        const { el } = await mountIn('connected', locale);
        button(el, 'disconnect').click();
        expect(($(el, 'dialog') as HTMLDialogElement).open).to.equal(true);
        await expectAccessible(el);
        ($(el, 'dialog') as HTMLDialogElement).close();
      });
    }
  });

  describe('states: copy and controls', () => {
    it('not_connected: banner, step 3 enabled, step 4 disabled, no Disconnect', async () => {
      const { el } = await mountIn('not_connected');
      expect($(el, '[part~="banner"]').dataset['look']).to.equal('not_connected');
      expect(bannerText(el)).to.contain('Records not yet connected');
      expect(bannerText(el)).to.contain('Follow the steps below to link your medical records via HealthEx.');
      expect(button(el, 'authorize').disabled).to.equal(false);
      expect(text(button(el, 'authorize'))).to.equal('Authorize HealthEx access');
      expect(button(el, 'confirm').disabled).to.equal(true);
      expect(maybeButton(el, 'disconnect')).to.equal(null);
    });

    it('authorized: awaiting confirmation, step 4 "Mark as connected" enabled', async () => {
      const { el } = await mountIn('authorized');
      expect(bannerText(el)).to.contain('authorized');
      expect(bannerText(el)).to.contain('awaiting confirmation');
      expect(button(el, 'authorize').disabled).to.equal(true);
      expect(text(button(el, 'confirm'))).to.equal('Mark as connected');
      expect(button(el, 'confirm').disabled).to.equal(false);
      expect(maybeButton(el, 'disconnect')).to.equal(null);
    });

    it('connected: "Records connected" with since-when and scope, and Disconnect', async () => {
      const { el } = await mountIn('connected');
      expect(bannerText(el)).to.contain('Records connected');
      expect(text($(el, '[data-since]'))).to.equal('Connected since March 5, 2025.');
      expect(text($(el, '[data-scope]'))).to.equal('Access granted: read your medical records and keep access until you disconnect.');
      expect(text(button(el, 'disconnect'))).to.equal('Disconnect');
      expect(button(el, 'disconnect').getAttribute('aria-haspopup')).to.equal('dialog');
      expect(button(el, 'authorize').disabled).to.equal(true);
      expect(button(el, 'confirm').disabled).to.equal(true);
    });

    it('reauth_required: asks to reconnect, step 3 enabled again', async () => {
      const { el } = await mountIn('reauth_required');
      expect($(el, '[part~="banner"]').dataset['look']).to.equal('reauth_required');
      expect(bannerText(el)).to.contain('Please reconnect your records');
      expect(text(button(el, 'authorize'))).to.equal('Reconnect HealthEx');
      expect(button(el, 'authorize').disabled).to.equal(false);
      expect(button(el, 'confirm').disabled).to.equal(true);
    });

    it('renders the seed page: banner first, nine categories, four steps with notes, privacy panel, return link', async () => {
      const { el } = await mountIn('not_connected');
      const root = $(el, '.root');
      expect(root.firstElementChild?.getAttribute('part')).to.equal('banner');
      const live = $(el, '[part~="banner"] [role="status"]');
      expect(live.getAttribute('aria-live')).to.equal('polite');

      const categories = [...el.shadowRoot!.querySelectorAll('[part~="category"]')];
      expect(categories.map(text)).to.deep.equal([
        '🧬Lab Results',
        '💊Medications',
        '📋Visit Notes',
        '🩺Diagnoses',
        '📸Imaging Reports',
        '🏥Hospital Records',
        '💉Immunizations',
        '🧪Procedures',
        '📝Allergies',
      ]);
      for (const category of categories) expect(category.querySelector('[aria-hidden="true"]')).to.not.equal(null);

      const steps = [...el.shadowRoot!.querySelectorAll('[part~="step"]')];
      expect(steps.map((s) => text(s.querySelector('h3')!))).to.deep.equal([
        'Create Your HealthEx Account',
        'Link Your Medical Providers & Insurers',
        'Grant Salus AI Access to Your Records',
        'Mark Your Records as Connected',
      ]);
      expect(text(steps[0]!)).to.contain('Creating an account is free and takes under two minutes.');
      expect(text(steps[0]!)).to.contain('Business Associate Agreement (BAA)');
      expect(text(steps[1]!)).to.contain('over 21,000 providers nationwide');
      expect(text(steps[1]!)).to.contain('You can link multiple providers');
      expect(text(steps[2]!)).to.contain('This one-time authorization activates your Precision Medicine tier.');
      expect(text(steps[2]!)).to.contain('We never sell, share, or use your health data');
      expect(text(steps[3]!)).to.contain('Health Decisions, Determine Diagnosis, and Manage My Health.');
      expect(text(steps[3]!)).to.contain('You can also disconnect at any time using the status banner');

      // The developer implementation note is for developers, never shown to patients.
      const all = text(el.shadowRoot!.querySelector('.root')!);
      for (const developerText of ['Developer Implementation Note', 'PKCE', 'code_verifier', 'oauth/register', 'docs.healthex.io']) {
        expect(all).to.not.contain(developerText);
      }

      const privacy = $(el, '[part~="privacy"]');
      expect(text(privacy.querySelector('h2')!)).to.equal('🔒 Your Privacy & Security');
      expect(text(privacy)).to.contain('HIPAA-compliant. All data handling meets federal health privacy law requirements.');
      expect(text(privacy)).to.contain('End-to-end encrypted.');
      expect(text(privacy)).to.contain('Never sold.');
      expect(text(privacy)).to.contain('You’re in control. Revoke access at any time from your HealthEx account.');

      const back = $(el, '[part~="return-link"]') as HTMLAnchorElement;
      expect(text(back)).to.equal('← Return to Precision Medicine');
      expect(back.getAttribute('href')).to.equal('/precision-medicine');
    });

    it('loading: says it is checking, and no action is available yet', async () => {
      const user = await new FakeUser().setup({ hold: ['connection.status'] });
      const el = await mount({ user, waitForStatus: false });
      expect(bannerText(el)).to.contain('Checking your connection');
      // The banner renders first, with no action until the status is known.
      expect(maybeButton(el, 'authorize')).to.equal(null);
      // A status that takes long does not hide the page: the steps follow, their buttons disabled.
      await waitFor(() => maybeButton(el, 'authorize'), 'the steps under a banner still checking');
      expect(bannerText(el)).to.contain('Checking your connection');
      expect(button(el, 'authorize').disabled).to.equal(true);
      expect(button(el, 'confirm').disabled).to.equal(true);
      // Release the held answer: a request left pending would hold one of the page's connections.
      await user.update({ hold: [] });
      await waitFor(() => el.status !== null, 'the status, once released');
    });

    it('an error says what happened in plain words and offers a retry that recovers', async () => {
      const user = await new FakeUser().setup({ failures: [{ path: 'connection.status', code: 'SERVICE_UNAVAILABLE' }] });
      let events: ReturnType<typeof recordEvents> = [];
      const el = await mount({ user, waitForStatus: false, before: (element) => (events = recordEvents(element)) });
      await waitFor(() => maybeButton(el, 'retry'), 'the retry button');
      expect($(el, '[part~="banner"]').dataset['look']).to.equal('error');
      expect(bannerText(el)).to.contain('Salus AI’s connection service is temporarily unavailable. Please try again shortly.');
      button(el, 'retry').click();
      await waitFor(() => el.status?.state === 'not_connected', 'the status after retry');
      await el.updateComplete;
      expect(maybeButton(el, 'retry')).to.equal(null);
      expect(bannerText(el)).to.contain('Records not yet connected');
      expect(events.map((e) => e.type)).to.deep.equal(['healthex-error', 'healthex-status-change']);
      expect(events[0]!.detail).to.include({
        code: 'SERVICE_UNAVAILABLE',
        message: 'Salus AI’s connection service is temporarily unavailable. Please try again shortly.',
      });
      expect((events[0]!.detail as { detail: unknown }).detail, 'the developer detail').to.be.a('string');
    });
  });

  describe('transitions and events', () => {
    it('fires healthex-status-change for the first status, with previous null', async () => {
      const user = await new FakeUser().setup({ status: STATUSES.authorized });
      const seen: unknown[] = [];
      const el = await mount({
        user,
        before: (element) => element.addEventListener('healthex-status-change', (event) => seen.push(event.detail)),
      });
      expect(seen).to.deep.equal([{ status: STATUSES.authorized, previous: null }]);
      expect(el.status).to.deep.equal(STATUSES.authorized);
    });

    it('Mark as connected: confirm → connected, with status-change and connected events (bubbling, composed)', async () => {
      const { el } = await mountIn('authorized');
      const events = recordEvents(el);
      const seenOnDocument = new Promise<Event>((resolve) => document.addEventListener('healthex-connected', resolve, { once: true }));
      button(el, 'confirm').click();
      const event = (await seenOnDocument) as CustomEvent;
      expect(event.bubbles).to.equal(true);
      expect(event.composed).to.equal(true);
      expect(events.map((e) => e.type)).to.deep.equal(['healthex-status-change', 'healthex-connected']);
      const change = events[0]!.detail as { status: { state: string }; previous: { state: string } };
      expect(change.previous.state).to.equal('authorized');
      expect(change.status.state).to.equal('connected');
      await el.updateComplete;
      expect(bannerText(el)).to.contain('Records connected');
      expect(button(el, 'confirm').disabled).to.equal(true);
    });

    it('Disconnect (after confirming in the dialog) → not_connected, with status-change and disconnected events', async () => {
      const { el, user } = await mountIn('connected');
      const events = recordEvents(el);
      button(el, 'disconnect').click();
      expect(await user.calls('connection.disconnect')).to.have.length(0);
      ($(el, '[data-dialog-confirm]') as HTMLButtonElement).click();
      await waitFor(() => events.some((e) => e.type === 'healthex-disconnected'), 'healthex-disconnected');
      expect(events.map((e) => e.type)).to.deep.equal(['healthex-status-change', 'healthex-disconnected']);
      expect((events[1]!.detail as { status: unknown }).status).to.deep.equal(STATUSES.not_connected);
      await el.updateComplete;
      // What happened, and when, until the page is left; step 3 is there to connect again.
      expect(bannerText(el)).to.match(/^🔗Disconnected — Salus AI no longer reads your HealthEx records Disconnected at .+\. You can connect again at any time with the steps below\.$/);
      const time = $(el, '[part~="banner"] time');
      expect(Date.now() - Date.parse(time.getAttribute('datetime')!)).to.be.within(0, 60_000);
      expect(button(el, 'authorize').disabled).to.equal(false);
      expect(await user.calls('connection.disconnect')).to.have.length(1);
    });

    it('Cancel in the dialog changes nothing', async () => {
      const { el, user } = await mountIn('connected');
      const events = recordEvents(el);
      button(el, 'disconnect').click();
      ($(el, '[data-dialog-cancel]') as HTMLButtonElement).click();
      expect(($(el, 'dialog') as HTMLDialogElement).open).to.equal(false);
      expect(await user.calls('connection.disconnect')).to.have.length(0);
      expect(events).to.deep.equal([]);
    });

    it('a failed action fires healthex-error with a stable code, shows it, and Retry repeats the action', async () => {
      const { el, user } = await mountIn('authorized');
      await user.update({ failures: [{ path: 'connection.confirm', code: 'HEALTHEX_UNAVAILABLE' }] });
      const events = recordEvents(el);
      button(el, 'confirm').click();
      await waitFor(() => maybeButton(el, 'retry'), 'the retry button');
      expect(events[0]?.type).to.equal('healthex-error');
      expect(events[0]?.detail).to.include({ code: 'HEALTHEX_UNAVAILABLE', message: 'HealthEx is not responding right now. Please try again in a few minutes.' });
      expect(bannerText(el)).to.contain('HealthEx is not responding right now.');
      button(el, 'retry').click();
      await waitFor(() => el.status?.state === 'connected', 'connected after retry');
      await el.updateComplete;
      expect(maybeButton(el, 'retry')).to.equal(null);
      expect(await user.calls('connection.confirm')).to.have.length(2);
    });
  });

  describe('Spanish', () => {
    it('uses the locale attribute', async () => {
      const { el } = await mountIn('not_connected', 'es');
      expect(bannerText(el)).to.contain('Expedientes aún no conectados');
      expect(bannerText(el)).to.contain('Siga los pasos a continuación para vincular sus expedientes médicos a través de HealthEx.');
      expect(text(button(el, 'authorize'))).to.equal('Autorizar el acceso a HealthEx');
      expect(text(button(el, 'confirm'))).to.equal('Marcar como conectados');
      expect($(el, '.root').getAttribute('lang')).to.equal('es');
      const steps = [...el.shadowRoot!.querySelectorAll('[part~="step"] h3')].map(text);
      expect(steps).to.deep.equal([
        'Cree su cuenta de HealthEx',
        'Vincule a sus proveedores médicos y aseguradoras',
        'Conceda a Salus AI acceso a sus expedientes',
        'Marque sus expedientes como conectados',
      ]);
      expect(text($(el, '[part~="privacy"] h2'))).to.equal('🔒 Su privacidad y seguridad');
      expect(text($(el, '[part~="return-link"]'))).to.equal('← Volver a Medicina de Precisión');
    });

    it('follows the page language (lang="es-MX") and formats the date in Spanish', async () => {
      const user = await new FakeUser().setup({ status: STATUSES.connected });
      const el = await mount({ user, lang: 'es-MX' });
      expect(bannerText(el)).to.contain('Expedientes conectados');
      expect(text($(el, '[data-since]'))).to.equal('Conectados desde el 5 de marzo de 2025.');
      expect(text($(el, '[data-scope]'))).to.equal(
        'Acceso concedido: leer sus expedientes médicos y mantener el acceso hasta que usted se desconecte.',
      );
      expect(text(button(el, 'disconnect'))).to.equal('Desconectar');
      button(el, 'disconnect').click();
      expect(text($(el, 'dialog h2'))).to.equal('¿Desconectar sus expedientes?');
      ($(el, 'dialog') as HTMLDialogElement).close();
    });

    it('shows errors in Spanish', async () => {
      const user = await new FakeUser().setup({ failures: [{ path: 'connection.status', code: 'NETWORK' }] });
      const el = await mount({ user, attributes: { locale: 'es' }, waitForStatus: false });
      await waitFor(() => maybeButton(el, 'retry'), 'the retry button');
      expect(bannerText(el)).to.contain('No pudimos comunicarnos con el servicio de conexión de Salus AI.');
      expect(text(button(el, 'retry'))).to.equal('Reintentar');
    });
  });

  describe('theming', () => {
    it('exposes parts and honours --healthex-* custom properties', async () => {
      const { el } = await mountIn('connected');
      for (const part of ['banner', 'banner-title', 'button', 'disconnect-button', 'authorize-button', 'confirm-button', 'categories', 'category', 'steps', 'step', 'step-note', 'privacy', 'return-link', 'dialog']) {
        expect(el.shadowRoot!.querySelector(`[part~="${part}"]`), part).to.not.equal(null);
      }
      el.style.setProperty('--healthex-color-accent', 'rgb(1, 2, 3)');
      expect(getComputedStyle($(el, '.step-number')).backgroundColor).to.equal('rgb(1, 2, 3)');
    });

    it('buttons are at least 24×24 CSS pixels', async () => {
      const { el } = await mountIn('connected');
      for (const b of el.shadowRoot!.querySelectorAll('button')) {
        if (b.closest('dialog')) continue;
        const rect = b.getBoundingClientRect();
        expect(rect.width).to.be.at.least(24);
        expect(rect.height).to.be.at.least(24);
      }
    });
  });
});
