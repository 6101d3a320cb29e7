/// <reference types="mocha" />
/**
 * State-changing calls ask the host for a fresh connect token right before they are sent (T46,
 * SECURITY.md): signed out in another tab, the open page cannot start a connection — Authorize
 * shows "You're signed out", and nothing goes to the service's begin, so nothing goes to HealthEx.
 * Reads may keep using the cached token.
 */
import { expect } from 'chai';
import type { HealthexErrorDetail } from './events.js';
import type { HealthexConnect } from './healthex-connect.js';
import { browserNavigation } from './navigation.js';
import { FakeUser, STATUSES, button, cleanup, expectAccessible, mount, recordEvents, text, waitFor, $ } from './testing/helpers.js';

const SESSION_KEY = 'fresh-token-test:session';

/** A host whose token endpoint mints only while its session (shared by every tab of the origin) lasts. */
function hostTokenProvider(user: FakeUser): { provider: () => Promise<string>; asked: () => number } {
  let generation = 0;
  return {
    provider: async () => {
      if (localStorage.getItem(SESSION_KEY) === null) throw new Error('401 from the host: no session');
      return user.token(++generation);
    },
    asked: () => generation,
  };
}

/** Another tab of the host's origin signs the user out (same storage, another browsing context). */
async function signOutInAnotherTab(): Promise<void> {
  const tab = document.createElement('iframe');
  document.body.append(tab);
  tab.contentWindow!.localStorage.removeItem(SESSION_KEY);
  tab.remove();
}

/** The popup the widget opens in the click, observed: where it was sent, and whether it was closed. */
function observedPopup(el: HealthexConnect) {
  const popup = { closed: false, location: { href: 'about:blank' }, close() { this.closed = true; }, focus() {} };
  el.navigation = { ...browserNavigation, open: () => popup as unknown as Window };
  return popup;
}

describe('fresh connect tokens for state-changing calls', () => {
  beforeEach(() => localStorage.setItem(SESSION_KEY, 'signed-in'));
  afterEach(() => {
    localStorage.removeItem(SESSION_KEY);
    cleanup();
  });

  it('signed out in another tab, Authorize shows the signed-out message, accessible, and nothing reaches begin or HealthEx', async () => {
    const user = await new FakeUser().setup({ status: STATUSES.not_connected });
    const host = hostTokenProvider(user);
    const el = await mount({ before: (element) => (element.tokenProvider = host.provider) });
    const events = recordEvents(el, ['healthex-error']);
    const popup = observedPopup(el);
    await signOutInAnotherTab();

    button(el, 'authorize').click();
    await waitFor(() => text($(el, '[part~="banner"]')).includes('signed out'), 'the signed-out message');
    expect(text($(el, '[part~="banner"]'))).to.contain('You’re signed out — sign in again');
    // `detail` carries the developer's words (the host's refusal), never shown on the page.
    expect(events.map((event) => {
      const { code, message } = event.detail as HealthexErrorDetail;
      return { code, message };
    })).to.deep.include({ code: 'SIGNED_OUT', message: 'You’re signed out — sign in again to continue.' });
    expect(await user.calls('connection.begin')).to.deep.equal([]);
    expect(popup.location.href).to.equal('about:blank'); // never sent to HealthEx
    expect(popup.closed).to.equal(true);
    await expectAccessible(el);
  });

  it('Authorize, Mark as connected and Disconnect each ask the host for a new token, while status reads reuse the cached one', async () => {
    const user = await new FakeUser().setup({ status: STATUSES.authorized });
    const host = hostTokenProvider(user);
    const el = await mount({ before: (element) => (element.tokenProvider = host.provider) });
    const afterFirstRead = host.asked();
    await el.refresh();
    expect(host.asked(), 'a read reuses the cached token').to.equal(afterFirstRead);

    button(el, 'confirm').click();
    await waitFor(() => el.status?.state === 'connected', 'connected');
    const confirm = (await user.calls('connection.confirm'))[0]!;
    expect(confirm.generation, 'confirm went with a token minted for it').to.equal(afterFirstRead + 1);
  });

  it('a service refusal of a stale token (SIGNED_OUT) is shown as signed out, in Spanish too', async () => {
    const user = await new FakeUser().setup({ status: STATUSES.connected, failures: [{ path: 'connection.disconnect', code: 'SIGNED_OUT' }] });
    const el = await mount({ user, attributes: { locale: 'es' } });
    button(el, 'disconnect').click();
    ($(el, '[data-dialog-confirm]') as HTMLButtonElement).click(); // the widget asks the user to confirm first
    await waitFor(() => text($(el, '[part~="banner"]')).includes('Ha cerrado la sesión'), 'the Spanish signed-out message');
    expect(el.status?.state).to.equal('connected');
  });
});
