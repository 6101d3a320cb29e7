/// <reference types="mocha" />
import { expect } from 'chai';
import { HealthexConnect } from './healthex-connect.js';
import { ANSWER_HOLD_MS } from './answer-hold.js';
import { FakeUser, STATUSES, $, apiBase, cleanup, expectAccessible, mount, waitFor } from './testing/helpers.js';

/**
 * Records, in order, what the current test's element showed after each update (`shown <banner look>`,
 * or `shown box` for the empty box holding its place) and its user's requests handed to fetch (by
 * tRPC path). Elements of earlier tests may still be finishing their reads: they are left out.
 */
const log: string[] = [];
let current: { element: Element | null; user: FakeUser | null } = { element: null, user: null };

/** The element, with what it shows logged; a tag of its own so `<healthex-connect>` stays untouched. */
class RenderLogged extends HealthexConnect {
  protected override updated() {
    super.updated();
    if (this !== current.element) return;
    const look = this.shadowRoot?.querySelector<HTMLElement>('[part~="banner"]')?.dataset['look'];
    const entry = `shown ${look ?? 'box'}`;
    if (shown().at(-1) !== entry) log.push(entry);
  }
}
customElements.define('healthex-connect-render-logged', RenderLogged);

/** What the element showed, without the requests. */
const shown = () => log.filter((entry) => entry.startsWith('shown'));

/** When the current test's element was connected (performance.now()). */
let connectedAt = 0;

/** Connects a logged element (not through `mount`: its tag is `<healthex-connect>`). */
async function connect(setup: (el: RenderLogged) => void | Promise<void>): Promise<RenderLogged> {
  const el = document.createElement('healthex-connect-render-logged') as RenderLogged;
  current.element = el;
  el.setAttribute('api-base', await apiBase());
  await setup(el);
  connectedAt = performance.now();
  document.body.append(el);
  return el;
}

describe('the first status request', () => {
  const realFetch = window.fetch;
  const elements: Element[] = [];

  beforeEach(() => {
    log.length = 0;
    current = { element: null, user: null };
    window.fetch = (input, init) => {
      const token = new Headers(init?.headers).get('authorization');
      if (current.user && token === `Bearer ${current.user.token()}`) log.push(`fetch ${new URL(String(input)).pathname}`);
      return realFetch(input, init);
    };
  });

  afterEach(() => {
    window.fetch = realFetch;
    for (const el of elements.splice(0)) el.remove();
    cleanup();
  });

  it('while a token provider is still answering, the loading state is shown and accessible', async () => {
    let answer!: (token: string) => void;
    const user = await new FakeUser().setup({ status: STATUSES.connected });
    const el = await mount({
      waitForStatus: false,
      before: (element) => (element.tokenProvider = () => new Promise<string>((resolve) => (answer = resolve))),
    });
    expect($(el, '[part~="banner"]').dataset['look']).to.equal('loading');
    await expectAccessible(el);
    answer(user.token());
    await waitFor(() => el.status?.state === 'connected', 'the status');
  });

  it('with a token at hand and a prompt answer, an empty box holds its place until the banner shows the answer (no loading state in between)', async () => {
    const user = (current.user = await new FakeUser().setup({ status: STATUSES.connected }));
    let answeredAt = 0;
    const el = await connect((element) => {
      element.setAttribute('token', user.token());
      element.addEventListener('healthex-ready', () => (answeredAt = performance.now()), { once: true });
    });
    elements.push(el);
    await el.updateComplete;
    expect(el.status?.state).to.equal('connected');
    // Its place held by an empty box until the answer, then the answer: never "Checking…". (On a
    // machine so loaded that the answer took longer than the wait, the loading state came between.)
    const prompt = answeredAt - connectedAt < ANSWER_HOLD_MS - 5;
    expect(shown()).to.deep.equal(prompt ? ['shown box', 'shown connected'] : ['shown box', 'shown loading', 'shown connected']);
    expect(log.indexOf('fetch /trpc/connection.status')).to.be.lessThan(log.indexOf('shown connected'));
  });

  it(`with a token at hand and a slow answer, is on its way at once, and the loading state shows after ${ANSWER_HOLD_MS} ms`, async () => {
    const user = (current.user = await new FakeUser().setup({ status: STATUSES.connected, hold: ['connection.status'] }));
    const el = await connect((element) => element.setAttribute('token', user.token()));
    elements.push(el);
    try {
      await el.updateComplete;
      // The box, then loading once the wait was over (updateComplete waits for it), with the request
      // already sent and its answer still held back.
      expect(performance.now() - connectedAt).to.be.at.least(ANSWER_HOLD_MS - 2);
      expect(shown()).to.deep.equal(['shown box', 'shown loading']);
      expect(log).to.include('fetch /trpc/connection.status');
      expect(el.shadowRoot!.querySelector<HTMLElement>('[part~="banner"]')!.dataset['look']).to.equal('loading');
    } finally {
      // A held request would also hold the browser's later requests for the same URL (its cache lock).
      await user.update({ hold: [] });
    }
    await waitFor(() => el.status?.state === 'connected', 'the status');
    // Started on connect, and not started again by the first update.
    expect(await user.calls('connection.status')).to.deep.equal([{ path: 'connection.status', generation: 1, outcome: 'ok' }]);
  });

  it(`with a token provider, asks it on connect and, while it has not answered, shows the loading state after ${ANSWER_HOLD_MS} ms`, async () => {
    let asked = 0;
    let answer!: (token: string) => void;
    const user = (current.user = await new FakeUser().setup({ status: STATUSES.authorized }));
    const el = await connect((element) => {
      element.tokenProvider = () => {
        asked += 1;
        log.push('provider');
        return new Promise<string>((resolve) => (answer = resolve));
      };
    });
    elements.push(el);
    await el.updateComplete;
    expect(log).to.deep.equal(['provider', 'shown box', 'shown loading']);
    answer(user.token());
    await waitFor(() => el.status?.state === 'authorized', 'the status');
    await el.updateComplete;
    expect(log.slice(0, 5)).to.deep.equal(['provider', 'shown box', 'shown loading', 'fetch /trpc/connection.status', 'shown authorized']);
    expect(asked).to.equal(1);
    expect(await user.calls('connection.status')).to.have.length(1);
  });

  it('a token set right after connecting (as frameworks do): the read starts in the first update and is held for too', async () => {
    const user = (current.user = await new FakeUser().setup({ status: STATUSES.not_connected }));
    const el = document.createElement('healthex-connect-render-logged') as RenderLogged;
    current.element = el;
    el.setAttribute('api-base', await apiBase());
    elements.push(el);
    document.body.append(el);
    el.token = user.token();
    await el.updateComplete;
    expect(el.status?.state).to.equal('not_connected');
    expect(shown()[0]).to.equal('shown box');
    expect(shown().at(-1)).to.equal('shown not_connected');
  });

  it('once shown, the widget never goes back to the empty box: moved with a new api-base, it shows the loading state', async () => {
    const user = (current.user = await new FakeUser().setup({ status: STATUSES.connected }));
    const el = await connect((element) => element.setAttribute('token', user.token()));
    elements.push(el);
    await el.updateComplete;
    const boxes = shown().filter((entry) => entry === 'shown box').length;
    el.remove();
    el.setAttribute('api-base', `${await apiBase()}/`);
    document.body.append(el);
    await waitFor(() => el.status?.state === 'connected', 'the status read again');
    await el.updateComplete;
    expect(shown().filter((entry) => entry === 'shown box').length, 'box renders').to.equal(boxes);
  });

  it('without a token on connect, starts once the token is set (in the update), once', async () => {
    const user = (current.user = await new FakeUser().setup({ status: STATUSES.not_connected }));
    const el = await connect(() => {});
    elements.push(el);
    await el.updateComplete;
    // Nothing to wait for: the loading state at once.
    expect(log).to.deep.equal(['shown loading']);
    el.token = user.token();
    await waitFor(() => el.status?.state === 'not_connected', 'the status');
    expect(log.filter((entry) => entry.startsWith('fetch'))[0]).to.equal('fetch /trpc/connection.status');
    expect(await user.calls('connection.status')).to.have.length(1);
  });
});
