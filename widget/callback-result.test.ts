/// <reference types="mocha" />
import { expect } from 'chai';
import { readCallbackMessage, withoutReturnFlag } from './callback-result.js';
import { FakeUser, apiBase, bannerText, cleanup, expectAccessible, mount, recordEvents, waitFor } from './testing/helpers.js';

const ORIGIN = 'https://connect.example';

describe('callback results', () => {
  afterEach(cleanup);

  it('the widget is accessible after a callback message', async () => {
    const user = await new FakeUser().setup();
    const el = await mount({ user });
    const frame = document.createElement('iframe');
    frame.title = 'fake callback';
    frame.src = `${await apiBase()}/fake-healthex/post?messages=${encodeURIComponent(JSON.stringify([{ source: 'healthex-connect', result: 'denied' }]))}`;
    document.body.append(frame);
    try {
      await waitFor(() => bannerText(el).includes('You did not grant access'), 'the denied message');
      await expectAccessible(el);
    } finally {
      frame.remove();
    }
  });

  describe('readCallbackMessage', () => {
    const ok = { source: 'healthex-connect', result: 'authorized' };

    it('accepts exactly the callback shape from the service origin', () => {
      expect(readCallbackMessage({ origin: ORIGIN, data: ok }, ORIGIN)).to.deep.equal({ result: 'authorized' });
      expect(readCallbackMessage({ origin: ORIGIN, data: { source: 'healthex-connect', result: 'denied' } }, ORIGIN)).to.deep.equal({ result: 'denied' });
      expect(readCallbackMessage({ origin: ORIGIN, data: { source: 'healthex-connect', result: 'error', code: 'RATE_LIMITED' } }, ORIGIN)).to.deep.equal({
        result: 'error',
        code: 'RATE_LIMITED',
      });
    });

    it('reads a code it does not know yet (codes are only added) as INTERNAL', () => {
      expect(readCallbackMessage({ origin: ORIGIN, data: { source: 'healthex-connect', result: 'error', code: 'SOME_NEW_CODE' } }, ORIGIN)).to.deep.equal({
        result: 'error',
        code: 'INTERNAL',
      });
    });

    it('ignores other origins', () => {
      expect(readCallbackMessage({ origin: 'https://evil.example', data: ok }, ORIGIN)).to.equal(null);
      expect(readCallbackMessage({ origin: 'https://connect.example:444', data: ok }, ORIGIN)).to.equal(null);
      expect(readCallbackMessage({ origin: 'http://connect.example', data: ok }, ORIGIN)).to.equal(null);
      expect(readCallbackMessage({ origin: 'null', data: ok }, ORIGIN)).to.equal(null);
      expect(readCallbackMessage({ origin: ORIGIN, data: ok }, null)).to.equal(null);
    });

    it('ignores anything but the exact shape', () => {
      const bad: unknown[] = [
        null,
        'authorized',
        ['healthex-connect', 'authorized'],
        {},
        { source: 'healthex-connect' },
        { source: 'other', result: 'authorized' },
        { source: 'healthex-connect', result: 'connected' },
        { source: 'healthex-connect', result: 'authorized', extra: 1 },
        { source: 'healthex-connect', result: 'error', code: 'not a code!' },
        { source: 'healthex-connect', result: 'error', code: 42 },
        { source: 'healthex-connect', result: 'error', code: null },
        Object.assign(Object.create({ inherited: true }), ok),
      ];
      for (const data of bad) expect(readCallbackMessage({ origin: ORIGIN, data }, ORIGIN), JSON.stringify(data)).to.equal(null);
    });
  });

  describe('return flags', () => {
    it('removes only the flags, keeping the other parameters exactly and the hash', () => {
      const strip = (href: string) => withoutReturnFlag(new URL(href)).href;
      expect(strip('https://a.example/p?a=1&healthex_result=error&b=x%20y+z&healthex_error=INTERNAL#h')).to.equal('https://a.example/p?a=1&b=x%20y+z#h');
      expect(strip('https://a.example/p?healthex_result=denied')).to.equal('https://a.example/p');
      expect(strip('https://a.example/p?q=%E2%9C%93')).to.equal('https://a.example/p?q=%E2%9C%93');
    });
  });

  describe('in the widget', () => {
    it('ignores messages from a wrong origin or with a wrong shape, and acts on a valid one', async () => {
      const user = await new FakeUser().setup();
      let events: ReturnType<typeof recordEvents> = [];
      const el = await mount({ user, before: (element) => (events = recordEvents(element)) });
      const statusCalls = (await user.calls('connection.status')).length;

      // Right shape, wrong origin (this page's own origin).
      window.postMessage({ source: 'healthex-connect', result: 'error', code: 'INTERNAL' }, '*');
      // Right origin (the service's), wrong shapes; then one valid message.
      const messages = [
        { source: 'healthex-connect', result: 'error', code: 'INTERNAL', extra: true },
        { source: 'someone-else', result: 'error' },
        { source: 'healthex-connect', result: 'pwned' },
        { source: 'healthex-connect', result: 'error', code: 'not a code!' },
        'healthex-connect',
        ['healthex-connect', 'error'],
        { source: 'healthex-connect', result: 'denied' },
      ];
      const frame = document.createElement('iframe');
      frame.title = 'fake callback';
      frame.src = `${await apiBase()}/fake-healthex/post?messages=${encodeURIComponent(JSON.stringify(messages))}`;
      document.body.append(frame);
      try {
        await waitFor(() => bannerText(el).includes('You did not grant access'), 'the valid message to be handled');
        await waitFor(async () => (await user.calls('connection.status')).length === statusCalls + 1, 'the status re-read');
        // Only the valid message did anything: one re-read, no error from the others.
        expect(events.filter((e) => e.type === 'healthex-error')).to.deep.equal([]);
        expect(bannerText(el)).to.not.contain('Something went wrong');
      } finally {
        frame.remove();
      }
    });
  });
});
