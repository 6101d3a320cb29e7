/**
 * Threats in the browser (SECURITY.md T8–T14): postMessage to or from a foreign origin, framing,
 * leaking the code through Referer or history, CORS, a connect token used from a page its issuer
 * does not allow, and responses without security headers.
 */
import { runInNewContext } from 'node:vm';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mintConnectToken } from '../../demo/host-backend/mint-connect-token.js';
import { readCallbackMessage } from '../../widget/callback-result.js';
import { POPUP_SCRIPT } from '../../server/http/result-page.js';
import { RESULT_PAGE_CSP, securityHeaders } from '../../server/http/security-headers.js';
import { appCodeOf, startTestStack, TEST_ORIGIN, TEST_RETURN_URL, type TestStack } from '../../testkit/stack/test-stack.js';

const PARTNER_ISSUER = 'https://partner.test';
const PARTNER_ORIGIN = 'https://shop.partner.test';
const salusSecret = randomBytes(32);
const partnerSecret = randomBytes(32);

let stack: TestStack;
/** Two issuers (Salus and a partner) and a trusted proxy in front. */
let multi: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
  multi = await startTestStack({
    sandbox: stack.sandbox,
    env: {
      TRUST_PROXY: 'true',
      CONNECT_TOKEN_ISSUERS: JSON.stringify([
        { issuer: 'https://salus.test', secret: salusSecret.toString('base64url'), allowedOrigins: [TEST_ORIGIN] },
        { issuer: PARTNER_ISSUER, secret: partnerSecret.toString('base64url'), allowedOrigins: [PARTNER_ORIGIN] },
      ]),
    },
  });
});
afterAll(async () => {
  await multi?.close();
  await stack?.close();
});

/** Runs the popup's script as the browser would, with the page's data and a fake opener. */
function runPopupScript(html: string, opener: { closed: boolean } | null) {
  const data = /<script type="application\/json" id="healthex-result">(.*?)<\/script>/s.exec(html)?.[1] ?? null;
  const posted: Array<[unknown, string]> = [];
  const replaced: string[] = [];
  const window = { opener: opener && { ...opener, postMessage: (message: unknown, target: string) => posted.push([message, target]) }, close: () => undefined };
  runInNewContext(POPUP_SCRIPT, { window, document: { getElementById: () => (data === null ? null : { textContent: data }) }, location: { replace: (url: string) => replaced.push(url) }, JSON });
  return { posted, replaced };
}

describe('T8 postMessage to a foreign origin', () => {
  it('posts the popup result to the embedding page’s exact origin, never "*", and carries no secret', async () => {
    const callback = await stack.authorizeAtSandbox(await stack.tokenFor('popup-target'), 'ava@sandbox.healthex.test', 'allow', 'popup');
    const html = await (await stack.get(callback)).text();
    expect(html).not.toContain(callback.searchParams.get('code')!);
    expect(html).not.toContain(callback.searchParams.get('state')!);
    const { posted } = runPopupScript(html, { closed: false });
    expect(posted).toEqual([[{ source: 'healthex-connect', result: 'authorized' }, TEST_ORIGIN]]);
    expect(POPUP_SCRIPT).not.toMatch(/postMessage\([^)]*['"]\*['"]/);
  });

  it('without an opener, goes back to the return URL instead of posting anywhere', async () => {
    const callback = await stack.authorizeAtSandbox(await stack.tokenFor('popup-no-opener'), 'ava@sandbox.healthex.test', 'allow', 'popup');
    const { posted, replaced } = runPopupScript(await (await stack.get(callback)).text(), null);
    expect(posted).toEqual([]);
    expect(replaced).toEqual([`${TEST_RETURN_URL}&healthex_result=authorized`]);
  });
});

describe('T9 postMessage from a foreign origin', () => {
  it('the widget ignores results from any origin but the connect service’s, and any unexpected shape', () => {
    const service = 'https://connect.salusai.health';
    const good = { source: 'healthex-connect', result: 'authorized' };
    expect(readCallbackMessage({ origin: service, data: good }, service)).toEqual({ result: 'authorized' });
    for (const origin of ['https://evil.example', 'https://connect.salusai.health.evil.example', 'http://connect.salusai.health', 'null']) {
      expect(readCallbackMessage({ origin, data: good }, service)).toBeNull();
    }
    for (const data of ['authorized', null, [], { ...good, extra: 1 }, { ...good, source: 'other' }, { ...good, result: 'pwned' }, { ...good, code: 'not a code<script>' }, { ...good, code: 42 }, Object.create({ source: 'healthex-connect', result: 'authorized' })]) {
      expect(readCallbackMessage({ origin: service, data }, service)).toBeNull();
    }
  });
});

describe('T10 clickjacking', () => {
  it('forbids framing of the callback, its pages and the API', async () => {
    const callback = await stack.authorizeAtSandbox(await stack.tokenFor('framing'));
    for (const answer of [await stack.get(callback), await stack.get(`${stack.service.url}/auth/healthex/callback?state=x&code=y`), await fetch(`${stack.service.url}/trpc/connection.status`)]) {
      expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});

describe('T11 code leakage through Referer or browser history', () => {
  it('the callback sends no Referer onward, is never cached, and its redirect carries only the result flag', async () => {
    const callback = await stack.authorizeAtSandbox(await stack.tokenFor('referer'));
    const answer = await stack.get(callback);
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const location = answer.headers.get('location')!;
    for (const secret of [callback.searchParams.get('code')!, callback.searchParams.get('state')!]) expect(location).not.toContain(secret);
    expect(new URL(location).searchParams.get('healthex_result')).toBe('authorized');
  });
});

describe('T12 CORS from foreign origins', () => {
  const preflight = (origin: string) =>
    fetch(`${stack.service.url}/trpc/connection.begin`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });

  it('answers preflights only for configured page origins, and never allows credentials', async () => {
    const allowed = await preflight(TEST_ORIGIN);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    for (const origin of ['https://evil.example', 'null', 'https://app.salus.test.evil.example', 'http://app.salus.test']) {
      expect([origin, (await preflight(origin)).headers.get('access-control-allow-origin')]).toEqual([origin, null]);
    }
  });

  it('gives a foreign page no readable answer and refuses the call', async () => {
    const answer = await fetch(`${stack.service.url}/trpc/connection.status`, { headers: { origin: 'https://evil.example', authorization: `Bearer ${await stack.tokenFor('cors')}` } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.status).toBe(403);
  });
});

describe('T13 a connect token used from an origin its issuer does not allow', () => {
  const salusToken = (sub: string) => mintConnectToken({ issuer: 'https://salus.test', subject: sub, secret: salusSecret });

  it('refuses Salus’s token on the partner’s page, though CORS lets both origins in', async () => {
    const token = await salusToken('cross-issuer');
    expect(await appCodeOf(multi.api(token, PARTNER_ORIGIN).connection.status.query())).toBe('ORIGIN_NOT_ALLOWED');
    expect(await appCodeOf(multi.api(token, PARTNER_ORIGIN).connection.begin.mutate({ returnUrl: `${PARTNER_ORIGIN}/x`, mode: 'popup' }))).toBe('ORIGIN_NOT_ALLOWED');
    expect(await appCodeOf(multi.api(token, 'null').connection.status.query())).toBe('ORIGIN_NOT_ALLOWED');
    expect((await multi.api(token, TEST_ORIGIN).connection.status.query()).state).toBe('not_connected');
    const partnerToken = await mintConnectToken({ issuer: PARTNER_ISSUER, subject: 'p', secret: partnerSecret });
    expect((await multi.api(partnerToken, PARTNER_ORIGIN).connection.status.query()).state).toBe('not_connected');
    expect(await appCodeOf(multi.api(partnerToken, TEST_ORIGIN).connection.status.query())).toBe('ORIGIN_NOT_ALLOWED');
    expect(await multi.db.collection('audit_events').countDocuments({ action: 'request.denied', reason: 'origin_not_allowed', userSub: 'cross-issuer' })).toBe(3);
  });

  it('refuses the plain-link begin when a script on a foreign page calls it', async () => {
    const link = new URL(`${multi.service.url}/auth/healthex`);
    link.searchParams.set('token', await salusToken('cross-link'));
    link.searchParams.set('returnUrl', TEST_RETURN_URL);
    expect((await multi.get(link, { headers: { origin: PARTNER_ORIGIN } })).status).toBe(403);
    expect((await multi.get(link)).status).toBe(303); // a top-level navigation sends no Origin
    expect(await multi.db.collection('pending_authorizations').countDocuments({ userSub: 'cross-link' })).toBe(1);
  });
});

describe('T14 responses without security headers', () => {
  it('sets nosniff, no-referrer, no framing and a CSP on every response we serve, errors included', async () => {
    const token = await stack.tokenFor('headers');
    const base = stack.service.url;
    const answers = {
      healthz: await fetch(`${base}/healthz`),
      readyz: await fetch(`${base}/readyz`),
      trpcOk: await fetch(`${base}/trpc/connection.status`, { headers: { authorization: `Bearer ${token}` } }),
      trpc401: await fetch(`${base}/trpc/connection.status`),
      trpc400: await fetch(`${base}/trpc/connection.begin`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{' }),
      trpc404: await fetch(`${base}/trpc/connection.nope`, { headers: { authorization: `Bearer ${token}` } }),
      trpc413: await fetch(`${base}/trpc/connection.begin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(20_000) }),
      notFound: await fetch(`${base}/nope`),
      popupJs: await fetch(`${base}/auth/healthex/popup.js`),
      resultCss: await fetch(`${base}/auth/healthex/result.css`),
      callbackPage: await fetch(`${base}/auth/healthex/callback?state=x&code=y`),
      beginPage: await fetch(`${base}/auth/healthex?token=bad&returnUrl=${encodeURIComponent(TEST_RETURN_URL)}`),
      preflight: await fetch(`${base}/trpc/connection.status`, { method: 'OPTIONS', headers: { origin: TEST_ORIGIN, 'access-control-request-method': 'GET' } }),
    };
    for (const [name, answer] of Object.entries(answers)) {
      const headers = Object.fromEntries(['x-content-type-options', 'referrer-policy', 'x-frame-options'].map((h) => [h, answer.headers.get(h)]));
      expect([name, headers]).toEqual([name, { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' }]);
      expect([name, answer.headers.get('content-security-policy')]).toEqual([name, expect.stringContaining("frame-ancestors 'none'")]);
      expect([name, answer.headers.get('strict-transport-security')]).toEqual([name, null]); // plain http on loopback
    }
    expect(answers.trpc413.status).toBe(413);
    for (const page of [answers.callbackPage, answers.beginPage]) {
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('content-security-policy')).toBe(RESULT_PAGE_CSP);
      expect(RESULT_PAGE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    }
  });

  it('sends HSTS when served over HTTPS: an https public URL, or TLS reported by the trusted proxy', async () => {
    const untrusted = await fetch(`${stack.service.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(untrusted.headers.get('strict-transport-security')).toBeNull(); // the client cannot claim TLS
    const viaProxy = await fetch(`${multi.service.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaProxy.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect((await fetch(`${multi.service.url}/healthz`)).headers.get('strict-transport-security')).toBeNull();

    const app = new Koa();
    app.use(securityHeaders({ https: true }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const answer = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
      expect(answer.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    } finally {
      server.close();
    }
  });
});
