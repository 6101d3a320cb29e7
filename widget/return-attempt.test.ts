/// <reference types="mocha" />
/**
 * Issue 13: a result flag in the address bar is shown only when the connect service confirms it for
 * an authorization this tab started (`connection.attempt`, served by the real router in the fake).
 */
import { expect } from 'chai';
import type { HealthexConnect } from './healthex-connect.js';
import { browserNavigation } from './navigation.js';
import { $, FakeUser, STATUSES, bannerText, button, cleanup, focused, maybeButton, mount, trustedFlags, waitFor } from './testing/helpers.js';

const originalUrl = location.href;
const DENIED = 'You did not grant access';

/**
 * Runs a real redirect-mode authorization against the fake: Authorize → `connection.begin` (with
 * this tab's nonce) → fake HealthEx + callback → 303 back to the return URL with the flags. The
 * return leg runs in a same-origin iframe so the test page stays; resolves to the URL it came back to.
 */
async function comeBackFromHealthex(user: FakeUser): Promise<string> {
  const returnUrl = `${location.origin}/__healthex-return`;
  const el = await mount({ user, attributes: { mode: 'redirect', 'return-url': returnUrl } });
  const assigned: string[] = [];
  el.navigation = { ...browserNavigation, assign: (url) => assigned.push(url) };
  button(el, 'authorize').click();
  await waitFor(() => assigned.length === 1, 'the redirect to HealthEx');
  const frame = document.createElement('iframe');
  document.body.append(frame);
  try {
    frame.src = assigned[0]!;
    let back = '';
    await waitFor(() => (back = frame.contentWindow!.location.href).startsWith(returnUrl), 'the return to the page', 10_000);
    return back;
  } finally {
    frame.remove();
    cleanup();
  }
}

async function mountAt(url: string, user: FakeUser): Promise<HealthexConnect> {
  history.replaceState(history.state, '', url);
  return mount({ user });
}

describe('result flags are confirmed with the service', () => {
  afterEach(() => {
    history.replaceState(history.state, '', originalUrl);
    sessionStorage.removeItem('healthex-connect:attempt');
    cleanup();
  });

  it('a real return is shown: begin carried the nonce, the service confirms the denial', async () => {
    const user = await new FakeUser().setup({ consent: 'deny' });
    const back = new URL(await comeBackFromHealthex(user));
    const [begin] = (await user.record()).begins;
    expect(begin?.attempt).to.match(/^[0-9a-f-]{36}$/);
    expect(back.searchParams.get('healthex_attempt')).to.equal(begin?.attempt);
    expect(back.searchParams.get('healthex_result')).to.equal('denied');
    const el = await mountAt(`${originalUrl}${back.search.replace(/^\?/, '&')}`, user);
    await waitFor(() => bannerText(el).includes(DENIED), 'the confirmed denied message');
    expect(location.href).to.equal(originalUrl);
    expect((await user.calls('connection.attempt')).map((c) => c.outcome)).to.deep.equal(['ok']);
  });

  it('a flag whose result was edited (authorized → denied) shows what the service says', async () => {
    const user = await new FakeUser().setup({ consent: 'allow' });
    const back = new URL(await comeBackFromHealthex(user));
    expect(back.searchParams.get('healthex_result')).to.equal('authorized');
    back.searchParams.set('healthex_result', 'denied');
    const el = await mountAt(`${originalUrl}${back.search.replace(/^\?/, '&')}`, user);
    // Authorized, as the service recorded: focus goes to "Mark as connected", no denial is shown.
    await waitFor(() => focused(el) === $(el, `[part~="banner"] [data-action='confirm']`), 'focus on the banner action');
    expect(el.status?.state).to.equal('authorized');
    expect(bannerText(el)).to.not.contain(DENIED);
  });

  it('a forged flag with a guessed nonce is dropped silently, and the service is not even asked', async () => {
    const user = await new FakeUser().setup();
    await trustedFlags(user, '&healthex_result=denied'); // this tab has a real pending attempt…
    const el = await mountAt(`${originalUrl}&healthex_result=error&healthex_error=AUTHORIZATION_FAILED&healthex_attempt=${crypto.randomUUID()}`, user);
    await el.updateComplete;
    expect(location.href).to.equal(originalUrl);
    expect(bannerText(el)).to.not.contain('did not complete');
    expect(bannerText(el)).to.not.contain(DENIED);
    expect(maybeButton(el, 'retry')).to.equal(null);
    expect(focused(el)).to.equal(null);
    expect(await user.calls('connection.attempt')).to.deep.equal([]);
  });

  it("a flag with this tab's nonce that the service does not know is dropped silently", async () => {
    const user = await new FakeUser().setup({ status: STATUSES.not_connected });
    const flags = await trustedFlags(user, '&healthex_result=denied', { result: null });
    const el = await mountAt(`${originalUrl}${flags}`, user);
    await waitFor(async () => (await user.calls('connection.attempt')).length === 1, 'the check with the service');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await el.updateComplete;
    expect(bannerText(el)).to.not.contain(DENIED);
    expect(focused(el)).to.equal(null);
    expect(location.href).to.equal(originalUrl);
  });
});
