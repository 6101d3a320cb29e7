/// <reference types="mocha" />
import { expect } from 'chai';
import type { HealthexConnect } from './healthex-connect.js';
import { browserNavigation } from './navigation.js';
import {
  $,
  FakeUser,
  STATUSES,
  apiBase,
  bannerText,
  button,
  cleanup,
  expectAccessible,
  focused,
  maybeButton,
  mount,
  recordEvents,
  text,
  trustedFlags,
  waitFor,
  withoutNonce,
} from './testing/helpers.js';

/**
 * Clicks Authorize with a popup that stays open (the widget waits for HealthEx) until the test sets
 * `closed`; resolves once the widget has sent the popup to HealthEx.
 */
async function authorizeInHeldPopup(el: HealthexConnect): Promise<{ closed: boolean }> {
  const popup = { closed: false, close() {}, location: { href: '' } };
  el.navigation = { ...browserNavigation, open: () => popup as unknown as Window };
  button(el, 'authorize').click();
  await waitFor(() => popup.location.href !== '', 'the popup to be sent to HealthEx');
  return popup;
}

describe('step 3: authorization flow', () => {
  const originalOpen = window.open;
  const originalUrl = location.href;

  afterEach(() => {
    window.open = originalOpen;
    history.replaceState(history.state, '', originalUrl);
    cleanup();
  });

  it('is accessible while waiting for HealthEx', async () => {
    const user = await new FakeUser().setup();
    const el = await mount({ user });
    const popup = await authorizeInHeldPopup(el);
    await el.updateComplete;
    expect(text($(el, '[part~="waiting"]'))).to.contain('Waiting for HealthEx');
    expect(button(el, 'authorize').getAttribute('aria-busy')).to.equal('true');
    await expectAccessible(el);
    popup.closed = true;
    await waitFor(() => button(el, 'authorize').getAttribute('aria-busy') === null, 'the busy state to end');
  });

  it('popup success: opens the named popup within the click, HealthEx answers by message, status re-read', async () => {
    const user = await new FakeUser().setup();
    let events: ReturnType<typeof recordEvents> = [];
    const el = await mount({ user, before: (element) => (events = recordEvents(element)) });
    const opened: { url: string; target: string; features: string; popup: Window | null }[] = [];
    el.navigation = {
      ...browserNavigation,
      open: (url, target, features) => {
        const popup = window.open(url, target, features);
        opened.push({ url, target, features, popup });
        return popup;
      },
    };
    button(el, 'authorize').click();
    // Opened synchronously inside the click handler, before any await.
    expect(opened.map(({ url, target, features }) => ({ url, target, features }))).to.deep.equal([
      { url: 'about:blank', target: 'healthex-connect', features: 'popup,width=520,height=720' },
    ]);
    expect(opened[0]!.popup).to.not.equal(null);
    await waitFor(() => el.status?.state === 'authorized', 'the authorized status', 10_000);
    await el.updateComplete;
    expect(bannerText(el)).to.contain('awaiting confirmation');
    expect(button(el, 'confirm').disabled).to.equal(false);
    expect(button(el, 'authorize').hasAttribute('aria-busy')).to.equal(false);
    const record = await user.record();
    expect(record.begins.map(withoutNonce)).to.deep.equal([{ returnUrl: originalUrl, mode: 'popup' }]);
    // The message only triggered a re-read: the state came from connection.status.
    expect(record.calls.map((c) => c.path).filter((path) => path.startsWith('connection.'))).to.deep.equal([
      'connection.status',
      'connection.begin',
      'connection.status',
    ]);
    expect(events.map((e) => e.type)).to.deep.equal(['healthex-status-change', 'healthex-status-change']);
    await waitFor(() => opened[0]!.popup!.closed, 'the popup to close itself');
  });

  it('denied consent: a clear message and no state change', async () => {
    const user = await new FakeUser().setup({ consent: 'deny' });
    const el = await mount({ user });
    button(el, 'authorize').click();
    await waitFor(() => bannerText(el).includes('You did not grant access at HealthEx'), 'the denied message', 10_000);
    expect(el.status?.state).to.equal('not_connected');
    expect(bannerText(el)).to.contain('nothing has changed');
    await waitFor(() => button(el, 'authorize').getAttribute('aria-busy') === null, 'the busy state to end');
    expect((await user.calls('connection.status')).length).to.equal(2);
    await expectAccessible(el);
  });

  it('a failed callback shows its error in plain words, with a retry', async () => {
    const user = await new FakeUser().setup({ consent: 'error', callbackError: 'HEALTHEX_UNAVAILABLE' });
    let events: ReturnType<typeof recordEvents> = [];
    const el = await mount({ user, before: (element) => (events = recordEvents(element)) });
    button(el, 'authorize').click();
    await waitFor(() => maybeButton(el, 'retry'), 'the retry button', 10_000);
    expect(bannerText(el)).to.contain('The HealthEx authorization did not complete. HealthEx is not responding right now.');
    expect(events.find((e) => e.type === 'healthex-error')?.detail).to.include({ code: 'HEALTHEX_UNAVAILABLE' });
  });

  it('popup closed without a result: leaves the busy state and re-reads the status', async () => {
    const user = await new FakeUser().setup();
    const el = await mount({ user });
    const popup = await authorizeInHeldPopup(el);
    popup.closed = true;
    await waitFor(() => button(el, 'authorize').getAttribute('aria-busy') === null, 'the busy state to end');
    expect(el.status?.state).to.equal('not_connected');
    expect((await user.calls('connection.status')).length).to.equal(2);
  });

  it('popup blocked: says so and falls back to a full-page redirect', async () => {
    const user = await new FakeUser().setup();
    let events: ReturnType<typeof recordEvents> = [];
    const el = await mount({ user, before: (element) => (events = recordEvents(element)) });
    const assigned: string[] = [];
    window.open = () => null;
    el.navigation = { ...browserNavigation, assign: (url) => assigned.push(url) };
    button(el, 'authorize').click();
    await waitFor(() => assigned.length === 1, 'the redirect');
    const begins = (await user.record()).begins;
    expect(begins.map(withoutNonce)).to.deep.equal([{ returnUrl: originalUrl, mode: 'redirect' }]);
    expect(assigned[0]).to.match(new RegExp(`^${(await apiBase()).replace(/[.]/g, '\\.')}/fake-healthex/authorize\\?txn=`));
    expect(bannerText(el)).to.contain('Your browser blocked the HealthEx window');
    expect(events.find((e) => e.type === 'healthex-error')?.detail).to.include({ code: 'POPUP_BLOCKED' });
  });

  it('mode="redirect" goes to HealthEx in this tab, with the return-url attribute', async () => {
    const user = await new FakeUser().setup();
    const el = await mount({ user, attributes: { mode: 'redirect', 'return-url': 'http://localhost:8000/back?x=1' } });
    const assigned: string[] = [];
    let opened = 0;
    el.navigation = { ...browserNavigation, open: () => (opened++, null), assign: (url) => assigned.push(url) };
    button(el, 'authorize').click();
    await waitFor(() => assigned.length === 1, 'the redirect');
    expect(opened).to.equal(0);
    expect((await user.record()).begins.map(withoutNonce)).to.deep.equal([{ returnUrl: 'http://localhost:8000/back?x=1', mode: 'redirect' }]);
  });

  describe('coming back from a redirect', () => {
    it('reads the flag, removes it from the address bar (keeping the rest), re-reads the status', async () => {
      const user = await new FakeUser().setup({ status: STATUSES.authorized });
      history.replaceState(history.state, '', `${originalUrl}&keep=yes&healthex_result=authorized#section`);
      const el = await mount({ user });
      expect(location.href).to.equal(`${originalUrl}&keep=yes#section`);
      expect(el.status?.state).to.equal('authorized');
      expect((await user.calls('connection.status')).length).to.equal(1);
    });

    it('never trusts the flag: the server says not_connected, so the widget does too', async () => {
      const user = await new FakeUser().setup({ status: STATUSES.not_connected });
      history.replaceState(history.state, '', `${originalUrl}&healthex_result=authorized`);
      const el = await mount({ user });
      expect(location.href).to.equal(originalUrl);
      expect(el.status?.state).to.equal('not_connected');
      expect(bannerText(el)).to.contain('Records not yet connected');
    });

    it('denied: shows the denied message', async () => {
      const user = await new FakeUser().setup();
      history.replaceState(history.state, '', `${originalUrl}${await trustedFlags(user, '&healthex_result=denied')}`);
      const el = await mount({ user });
      expect(location.href).to.equal(originalUrl);
      await waitFor(() => bannerText(el).includes('You did not grant access at HealthEx'), 'the confirmed denied message');
      await expectAccessible(el);
    });

    it('error: shows the error code in plain words', async () => {
      const user = await new FakeUser().setup();
      history.replaceState(history.state, '', `${originalUrl}${await trustedFlags(user, '&healthex_result=error&healthex_error=AUTHORIZATION_FAILED')}`);
      const el = await mount({ user });
      expect(location.href).to.equal(originalUrl);
      await waitFor(() => bannerText(el).includes('The authorization could not be completed or has expired.'), 'the confirmed error message');
      expect(maybeButton(el, 'retry')).to.not.equal(null);
    });
  });

  it('after a popup success, focus moves to step 4 when it was lost', async () => {
    const user = await new FakeUser().setup();
    const el = await mount({ user });
    button(el, 'authorize').focus();
    button(el, 'authorize').click();
    await waitFor(() => el.status?.state === 'authorized', 'the authorized status', 10_000);
    await waitFor(() => focused(el) === button(el, 'confirm'), 'focus on "Mark as connected"');
  });
});
