/// <reference types="mocha" />
import { expect } from 'chai';
import { FakeUser, STATUSES, bannerText, button, cleanup, expectAccessible, maybeButton, mount, recordEvents, waitFor } from './testing/helpers.js';

describe('connect service client', () => {
  afterEach(cleanup);

  it('the widget is accessible after a refused token', async () => {
    const user = await new FakeUser().setup({ minGeneration: 5 });
    const el = await mount({ user, waitForStatus: false });
    await waitFor(() => bannerText(el).includes('Your session has expired'), 'the UNAUTHENTICATED message');
    await expectAccessible(el);
  });

  it('sends the connect token as a Bearer header to another origin (CORS) and reads the status', async () => {
    const user = await new FakeUser().setup({ status: STATUSES.connected });
    const el = await mount({ user });
    expect(el.status).to.deep.equal(STATUSES.connected);
    expect(await user.calls('connection.status')).to.deep.equal([{ path: 'connection.status', generation: 1, outcome: 'ok' }]);
    // Then the tiles' counts and the access log, with the same token.
    await waitFor(async () => (await user.calls('activity.log')).length === 1, 'the access log read');
    // (The sharing summary travels beside the counts: its place in the order is not fixed.)
    const later = (await user.calls()).slice(1);
    expect(later.filter((c) => c.path !== 'records.sharing')).to.deep.equal([
      { path: 'records.summary', generation: 1, outcome: 'ok' },
      { path: 'activity.log', generation: 1, outcome: 'ok' },
    ]);
    expect(later.filter((c) => c.path === 'records.sharing')).to.deep.equal([{ path: 'records.sharing', generation: 1, outcome: 'ok' }]);
  });

  it('an UNAUTHENTICATED answer calls the token function exactly once more, retries once and recovers', async () => {
    const user = await new FakeUser().setup({ status: STATUSES.authorized, minGeneration: 2 });
    let calls = 0;
    const el = await mount({
      user,
      before: (element) => {
        element.removeAttribute('token');
        element.tokenProvider = async () => user.token(++calls);
      },
    });
    expect(calls).to.equal(2);
    expect(el.status?.state).to.equal('authorized');
    expect(await user.calls('connection.status')).to.deep.equal([
      { path: 'connection.status', generation: 1, outcome: 'ok' },
      { path: 'connection.status', generation: 2, outcome: 'ok' },
    ]);
    // The access log, read next, uses the fresh token.
    await waitFor(async () => (await user.calls('activity.log')).length === 1, 'the access log read');
    expect(await user.calls('activity.log')).to.deep.equal([{ path: 'activity.log', generation: 2, outcome: 'ok' }]);
    // The fresh token is kept for later reads; a state-changing call (confirm) asks for its own.
    await el.refresh();
    expect(calls).to.equal(2);
    button(el, 'confirm').click();
    await waitFor(() => el.status?.state === 'connected', 'connected');
    expect(calls).to.equal(3);
    expect(await user.calls('connection.confirm')).to.deep.equal([{ path: 'connection.confirm', generation: 3, outcome: 'ok' }]);
  });

  it('when the fresh token is refused too, it stops after one retry and says so', async () => {
    const user = await new FakeUser().setup({ minGeneration: 99 });
    let calls = 0;
    let events: ReturnType<typeof recordEvents> = [];
    await mount({
      user,
      waitForStatus: false,
      before: (element) => {
        events = recordEvents(element);
        element.tokenProvider = () => user.token(++calls);
      },
    });
    await waitFor(() => events.some((e) => e.type === 'healthex-error'), 'healthex-error');
    expect(calls).to.equal(2);
    expect((await user.calls()).length).to.equal(2);
    // The patient's words in `message`; the service's own message (for developers) in `detail`.
    expect(events.map((e) => e.detail)).to.deep.equal([
      { code: 'UNAUTHENTICATED', message: 'Your session has expired. Please reload the page and sign in again.', detail: 'The connect token has expired.' },
    ]);
  });

  it('a static token attribute that is refused is not retried', async () => {
    const user = await new FakeUser().setup({ minGeneration: 2 });
    const el = await mount({ user, waitForStatus: false });
    await waitFor(() => maybeButton(el, 'retry'), 'the retry button');
    expect((await user.calls()).length).to.equal(1);
  });

  it('a network error shows Retry, and Retry recovers', async () => {
    const user = await new FakeUser().setup({ status: STATUSES.connected, failures: [{ path: 'connection.status', code: 'NETWORK' }] });
    let events: ReturnType<typeof recordEvents> = [];
    const el = await mount({ user, waitForStatus: false, before: (element) => (events = recordEvents(element)) });
    await waitFor(() => maybeButton(el, 'retry'), 'the retry button');
    expect(bannerText(el)).to.contain('We couldn’t reach Salus AI’s connection service. Please try again in a few minutes.');
    expect(bannerText(el)).to.not.contain('internet');
    expect(events[0]?.detail).to.include({ code: 'NETWORK' });
    button(el, 'retry').click();
    await waitFor(() => el.status?.state === 'connected', 'the status after retry');
    await el.updateComplete;
    expect(maybeButton(el, 'retry')).to.equal(null);
    expect(bannerText(el)).to.contain('Records connected');
  });

  it('an origin the issuer does not allow is reported with its stable code', async () => {
    const user = await new FakeUser().setup({ failures: [{ path: 'connection.begin', code: 'INVALID_RETURN_URL' }] });
    let events: ReturnType<typeof recordEvents> = [];
    const el = await mount({ user, before: (element) => (events = recordEvents(element)) });
    el.navigation = { ...el.navigation, open: () => ({ closed: false, close() {}, location: { href: '' } }) as unknown as Window };
    button(el, 'authorize').click();
    await waitFor(() => events.some((e) => e.type === 'healthex-error'), 'healthex-error');
    expect(events.find((e) => e.type === 'healthex-error')?.detail).to.include({ code: 'INVALID_RETURN_URL' });
    expect(bannerText(el)).to.contain('This page cannot connect records.');
  });
});
