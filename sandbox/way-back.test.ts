/**
 * No dead ends on the sandbox's pages: each names the client (its registered client_name) and offers
 * a way back to it, and that way back, followed over real HTTP through the connect service's
 * callback, ends on a page that links to the host (the stored return URL, else the host's home).
 */
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TEST_RETURN_URL, startTestStack, type TestStack } from '../testkit/stack/test-stack.js';
import { parseForms } from './html-form.js';
import { startSandbox, type Sandbox } from './start-sandbox.js';

const CLIENT_NAME = 'Salus <AI>';
const HOST_HOME = 'https://app.salus.test/home';

let sandbox: Sandbox;
let stack: TestStack;
beforeAll(async () => {
  sandbox = await startSandbox({ variants: { callbackIss: true } });
  stack = await startTestStack({ sandbox, env: { HEALTHEX_CLIENT_NAME: CLIENT_NAME }, host: { displayName: 'Salus AI', homeUrl: HOST_HOME } });
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await sandbox?.close();
});

/** A browser in miniature: one cookie header for the sandbox (paths ignored), redirects followed by hand. */
function browser() {
  const cookies = new Map<string, string>();
  async function request(url: string | URL, init: { method?: string; body?: string } = {}): Promise<{ url: URL; status: number; html: string }> {
    let target = new URL(url);
    let method = init.method ?? 'GET';
    let body = init.body;
    for (let hop = 0; hop < 10; hop++) {
      const sameSite = target.origin === new URL(sandbox.issuer).origin;
      const response = await fetch(target, {
        method,
        redirect: 'manual',
        headers: {
          ...(sameSite && cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
          ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded', origin: target.origin } : {}),
        },
        ...(body !== undefined ? { body } : {}),
      });
      if (sameSite) {
        for (const line of response.headers.getSetCookie()) {
          const [pair = ''] = line.split(';');
          const at = pair.indexOf('=');
          cookies.set(pair.slice(0, at), pair.slice(at + 1));
        }
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        target = new URL(location, target);
        method = 'GET';
        body = undefined;
        continue;
      }
      return { url: target, status: response.status, html: await response.text() };
    }
    throw new Error('too many redirects');
  }
  return { request, forget: () => cookies.clear() };
}

type Element = DefaultTreeAdapterMap['element'];
function links(html: string): { href: string; text: string }[] {
  const found: { href: string; text: string }[] = [];
  const walk = (node: DefaultTreeAdapterMap['parentNode']) => {
    for (const child of node.childNodes) {
      if (!('tagName' in child)) continue;
      const element = child as Element;
      if (element.tagName === 'a') {
        const text = element.childNodes.map((n) => ('value' in n ? n.value : '')).join('');
        found.push({ href: element.attrs.find((a) => a.name === 'href')?.value ?? '', text });
      }
      walk(element.tagName === 'template' ? (element as DefaultTreeAdapterMap['template']).content : element);
    }
  };
  walk(parse(html));
  return found;
}

function cancelForm(html: string) {
  return parseForms(html).find((form) => form.action.endsWith('/cancel'));
}

/** The connect service's page the user lands on links back to the host (`target`, with the result, if any). */
function expectLinkToHost(page: { url: URL; html: string }, target: string, result?: string) {
  expect(page.url.origin).toBe(stack.service.url);
  expect(page.url.pathname).toBe('/auth/healthex/callback');
  const href = result ? `${target}${target.includes('?') ? '&' : '?'}healthex_result=${result}` : target;
  expect(links(page.html)).toContainEqual({ href, text: 'Return to Salus AI' });
}

async function begin() {
  const { authorizationUrl } = await stack.api(await stack.tokenFor('way-back-user')).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'redirect' });
  return authorizationUrl;
}

describe('the sandbox names the client and always offers a way back to it', () => {
  it('login page: names the client; "Cancel" returns access_denied with the state to the stored return URL', async () => {
    const user = browser();
    const login = await user.request(await begin());
    expect(login.status).toBe(200);
    expect(login.html).toContain('Salus &#60;AI&#62; is asking to read your HealthEx records.');
    const cancel = cancelForm(login.html);
    expect(cancel?.controls.find((c) => c.type === 'submit')).toBeDefined();
    expect(login.html).toContain('Cancel and go back to Salus &#60;AI&#62;');

    const landed = await user.request(new URL(cancel!.action, login.url), { method: 'POST', body: '' });
    expect(landed.status).toBe(403);
    expect(landed.html).toContain('You chose not to share your HealthEx records.');
    expectLinkToHost(landed, TEST_RETURN_URL, 'denied');
  });

  it('providers page: names the client and offers the same way back', async () => {
    const user = browser();
    const login = await user.request(await begin());
    const providers = await user.request(new URL(parseForms(login.html)[0]!.action, login.url), {
      method: 'POST',
      body: 'username=ava%40sandbox.healthex.test&password=sandbox',
    });
    expect(providers.html).toContain('Choose your providers');
    expect(providers.html).toContain('should Salus &#60;AI&#62; be able to read?');
    const cancel = cancelForm(providers.html);
    expect(cancel).toBeDefined();
    const landed = await user.request(new URL(cancel!.action, providers.url), { method: 'POST', body: '' });
    expect(landed.status).toBe(403);
    expectLinkToHost(landed, TEST_RETURN_URL, 'denied');
  });

  it('error page of a live sign-in: "Back to <client>" cancels it, with the state', async () => {
    const user = browser();
    const login = await user.request(await begin());
    const action = new URL(parseForms(login.html)[0]!.action, login.url);
    const providers = await user.request(action, { method: 'POST', body: 'username=ava%40sandbox.healthex.test&password=sandbox' });
    const consent = await user.request(new URL(parseForms(providers.html)[0]!.action, providers.url), { method: 'POST', body: 'provider=valley-labs' });
    expect(consent.html).toContain('Allow Salus &#60;AI&#62; to access your records?');
    // A consent post with neither Allow nor Deny: the sandbox's own error page.
    const error = await user.request(new URL(parseForms(consent.html)[0]!.action, consent.url), { method: 'POST', body: 'decision=maybe' });
    expect(error.status).toBe(400);
    expect(error.html).toContain('Choose Allow or Deny.');
    const back = cancelForm(error.html);
    expect(error.html).toContain('Back to Salus &#60;AI&#62;');
    const landed = await user.request(new URL(back!.action, error.url), { method: 'POST', body: '' });
    expect(landed.status).toBe(403);
    expectLinkToHost(landed, TEST_RETURN_URL, 'denied');
  });

  it('"this sign-in has expired" (no interaction cookie): a link with access_denied and the original state', async () => {
    const user = browser();
    const authorizationUrl = await begin();
    const login = await user.request(authorizationUrl);
    user.forget(); // as in another browser, or after the interaction expired
    const expired = await user.request(new URL(parseForms(login.html)[0]!.action, login.url), {
      method: 'POST',
      body: 'username=ava%40sandbox.healthex.test&password=sandbox',
    });
    expect(expired.status).toBe(400);
    expect(expired.html).toContain('This sign-in has expired');
    const back = links(expired.html).find((link) => link.text === 'Back to Salus <AI>');
    expect(back).toBeDefined();
    const href = new URL(back!.href);
    expect(href.searchParams.get('error')).toBe('access_denied');
    expect(href.searchParams.get('state')).toBe(new URL(authorizationUrl).searchParams.get('state'));
    expect(href.searchParams.get('iss')).toBe(sandbox.issuer);

    const landed = await user.request(href);
    expect(landed.status).toBe(403);
    expectLinkToHost(landed, TEST_RETURN_URL, 'denied');
  });

  it('an interaction the sandbox never saw: says so honestly instead of guessing a client', async () => {
    const page = await browser().request(new URL('/interaction/never-seen-uid', sandbox.issuer));
    expect(page.html).toContain('This sign-in has expired');
    expect(page.html).toContain('Close this tab and go back to the app you came from.');
  });

  it('an authorization error the sandbox cannot send back (wrong redirect_uri): a link to the client, ending at the host home', async () => {
    const url = new URL(await begin());
    url.searchParams.set('redirect_uri', 'https://elsewhere.test/callback');
    const user = browser();
    const error = await user.request(url);
    expect(error.status).toBe(400);
    expect(error.html).toContain('Authorization failed');
    const back = links(error.html).find((link) => link.text === 'Back to Salus <AI>');
    expect(back?.href).toBe(`${stack.service.url}/auth/healthex/callback`);
    const landed = await user.request(back!.href);
    expect(landed.status).toBe(400);
    expectLinkToHost(landed, HOST_HOME);
  });
});
