/// <reference types="mocha" />
import { expect } from 'chai';
import { HealthexConnect } from './healthex-connect.js';
import { ANSWER_HOLD_MS } from './render-order.js';
import { FakeUser, STATUSES, $, apiBase, cleanup, expectAccessible, mount, waitFor } from './testing/helpers.js';

/**
 * Records, in order, the current test's element's `render()`s (with the state they show) and its
 * user's requests handed to fetch (by tRPC path). Elements of earlier tests may still be finishing their reads: they are left out.
 */
const log: string[] = [];
let current: { element: Element | null; user: FakeUser | null } = { element: null, user: null };

/** The element, with its renders logged; a tag of its own so `<healthex-connect>` stays untouched. */
class RenderLogged extends HealthexConnect {
  protected override render() {
    if (this === current.element) log.push(`render ${this.status?.state ?? 'loading'}`);
    return super.render();
  }
}
customElements.define('healthex-connect-render-logged', RenderLogged);

/** Connects a logged element (not through `mount`: its tag is `<healthex-connect>`). */
async function connect(setup: (el: RenderLogged) => void | Promise<void>): Promise<RenderLogged> {
  const el = document.createElement('healthex-connect-render-logged') as RenderLogged;
  current.element = el;
  el.setAttribute('api-base', await apiBase());
  await setup(el);
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

  it('with a token at hand and a prompt answer, the first render already shows the answer (no loading state in between)', async () => {
    const user = (current.user = await new FakeUser().setup({ status: STATUSES.connected }));
    const el = await connect((element) => element.setAttribute('token', user.token()));
    elements.push(el);
    await waitFor(() => el.status?.state === 'connected', 'the status');
    await el.updateComplete;
    expect(log.slice(0, 2)).to.deep.equal(['fetch /trpc/connection.status', 'render connected']);
    expect(log).to.not.include('render loading');
    expect(el.shadowRoot!.querySelector<HTMLElement>('[part~="banner"]')!.dataset['look']).to.equal('connected');
  });

  it(`with a token at hand and a slow answer, is on its way before the first render, which shows the loading state after ${ANSWER_HOLD_MS} ms`, async () => {
    const user = (current.user = await new FakeUser().setup({ status: STATUSES.connected, hold: ['connection.status'] }));
    const connectedAt = performance.now();
    const el = await connect((element) => element.setAttribute('token', user.token()));
    elements.push(el);
    try {
      await el.updateComplete;
      // Rendered once, loading, with the request already sent and its answer still held back; not
      // before the hold was over (the setup above awaited its own requests first, so measure loosely).
      expect(performance.now() - connectedAt).to.be.at.least(ANSWER_HOLD_MS - 5);
      expect(log).to.deep.equal(['fetch /trpc/connection.status', 'render loading']);
      expect(el.shadowRoot!.querySelector<HTMLElement>('[part~="banner"]')!.dataset['look']).to.equal('loading');
    } finally {
      // A held request would also hold the browser's later requests for the same URL (its cache lock).
      await user.update({ hold: [] });
    }
    await waitFor(() => el.status?.state === 'connected', 'the status');
    // Started on connect, and not started again by the first update.
    expect(await user.calls('connection.status')).to.deep.equal([{ path: 'connection.status', generation: 1, outcome: 'ok' }]);
  });

  it(`with a token provider, asks it on connect and, while it has not answered, renders the loading state after ${ANSWER_HOLD_MS} ms`, async () => {
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
    expect(log).to.deep.equal(['provider', 'render loading']);
    answer(user.token());
    await waitFor(() => el.status?.state === 'authorized', 'the status');
    expect(log.slice(0, 3)).to.deep.equal(['provider', 'render loading', 'fetch /trpc/connection.status']);
    expect(asked).to.equal(1);
    expect(await user.calls('connection.status')).to.have.length(1);
  });

  it('without a token on connect, starts once the token is set (in the update), once', async () => {
    const user = (current.user = await new FakeUser().setup({ status: STATUSES.not_connected }));
    const el = await connect(() => {});
    elements.push(el);
    await el.updateComplete;
    expect(log).to.deep.equal(['render loading']);
    el.token = user.token();
    await waitFor(() => el.status?.state === 'not_connected', 'the status');
    expect(log.filter((entry) => entry.startsWith('fetch'))[0]).to.equal('fetch /trpc/connection.status');
    expect(await user.calls('connection.status')).to.have.length(1);
  });
});
