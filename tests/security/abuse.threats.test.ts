/**
 * Threats T22–T24 (SECURITY.md): flooding begin or the callback, dodging the limit with a forged
 * X-Forwarded-For, and oversized bodies. Refused requests answer 429/413 at once and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TEST_ORIGIN, TEST_RETURN_URL, type TestStack } from '../../testkit/stack/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ env: { RATE_LIMIT_BEGIN_PER_MINUTE: '3', RATE_LIMIT_CALLBACK_PER_MINUTE: '3', REQUEST_BODY_LIMIT_BYTES: '2048' } });
});
afterAll(() => stack?.close());

const pendingCount = () => stack.db.collection('pending_authorizations').countDocuments({});

function beginOverTrpc(token: string, headers: Record<string, string> = {}) {
  return fetch(`${stack.service.url}/trpc/connection.begin`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ returnUrl: TEST_RETURN_URL, mode: 'popup' }),
  });
}

// First: the body tests call begin, and the flood tests below spend this address's begin budget.
describe('T24 oversized request bodies', () => {
  it('refuses a body over REQUEST_BODY_LIMIT_BYTES with 413, declared or streamed', async () => {
    const token = await stack.tokenFor('big-body');
    const big = JSON.stringify({ returnUrl: `${TEST_RETURN_URL}&pad=${'a'.repeat(4096)}`, mode: 'popup' });
    const declared = await fetch(`${stack.service.url}/trpc/connection.confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: { data: { httpStatus: 413, appCode: 'INVALID_INPUT' } } });

    // No Content-Length (chunked): tRPC stops reading at the same limit (a procedure without input,
    // like confirm, never reads the body at all).
    const streamed = await fetch(`${stack.service.url}/trpc/connection.begin`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);

    const page = await fetch(`${stack.service.url}/auth/healthex/callback`, { method: 'POST', body: 'x'.repeat(100_000) });
    expect(page.status).toBe(413);
    expect(await stack.db.collection('connections').countDocuments({ userSub: 'big-body' })).toBe(0);
  });
});

describe('T22 flooding begin or the callback', () => {
  it('answers begin with 429 and Retry-After once the limit is spent, over tRPC and the plain link alike', async () => {
    const token = await stack.tokenFor('flood-begin');
    // Spend what is left of this address's budget of 3 (the body tests above used some).
    let refused = await beginOverTrpc(token);
    let allowed = 0;
    while (refused.status === 200 && allowed < 4) {
      allowed += 1;
      refused = await beginOverTrpc(token);
    }
    expect(allowed).toBeLessThanOrEqual(3);
    const before = await pendingCount();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN); // the widget can read why
    expect(await refused.json()).toMatchObject({ error: { data: { appCode: 'RATE_LIMITED', httpStatus: 429 } } });

    const link = new URL(`${stack.service.url}/AUTH/healthex/`); // the router's matching is case- and slash-insensitive; so is the limit
    link.searchParams.set('token', token);
    link.searchParams.set('returnUrl', TEST_RETURN_URL);
    const page = await stack.get(link);
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await page.text()).toContain('Too many attempts');

    // Every call of a batch counts (limits.threats.test.ts shows a batch split by the limit).
    const batch = await fetch(`${stack.service.url}/trpc/connection.begin,connection.begin?batch=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ 0: { returnUrl: TEST_RETURN_URL, mode: 'popup' }, 1: { returnUrl: TEST_RETURN_URL, mode: 'popup' } }),
    });
    expect(batch.status).toBe(429);
    expect(await batch.json()).toMatchObject([{ error: { data: { appCode: 'RATE_LIMITED' } } }, { error: { data: { appCode: 'RATE_LIMITED' } } }]);

    expect(await pendingCount()).toBe(before);
    const denials = await stack.db.collection('audit_events').find({ action: 'request.denied', reason: 'rate_limited:begin' }).toArray();
    expect(denials.length).toBe(1); // one event per address and minute, not one per refused request
    expect(denials[0]!.requestId).toEqual(expect.any(String));
  });

  it('answers the callback with 429 before it touches the state, so the same link works after the wait', async () => {
    const callback = new URL(`${stack.service.url}/auth/healthex/callback?state=unknown&code=x`);
    for (let i = 0; i < 3; i += 1) expect((await stack.get(callback)).status).toBe(400);
    const refused = await stack.get(callback);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(refused.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('leaves every other route alone', async () => {
    const api = stack.api(await stack.tokenFor('flood-status'));
    for (let i = 0; i < 10; i += 1) expect((await api.connection.status.query()).state).toBe('not_connected');
    expect((await fetch(`${stack.service.url}/healthz`)).status).toBe(200);
  });
});

describe('T23 dodging the limit with a forged X-Forwarded-For', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    // The previous tests spent this address's begin budget; a forged header does not buy a new one.
    const answer = await beginOverTrpc(await stack.tokenFor('forged-xff'), { 'x-forwarded-for': '203.0.113.9' });
    expect(answer.status).toBe(429);
  });

  it('behind a trusted proxy, keys on the hop the proxy added, not on what the client wrote before it', async () => {
    const proxied = await startTestStack({ sandbox: stack.sandbox, env: { TRUST_PROXY: 'true', RATE_LIMIT_CALLBACK_PER_MINUTE: '2' } });
    try {
      const hit = (xff: string) => proxied.get(`${proxied.service.url}/auth/healthex/callback?state=x&code=y`, { headers: { 'x-forwarded-for': xff } });
      expect([(await hit('198.51.100.1')).status, (await hit('198.51.100.1')).status, (await hit('198.51.100.1')).status]).toEqual([400, 400, 429]);
      // The client prepends a fresh address each time; the proxy's own hop (last) stays the key.
      expect((await hit('192.0.2.77, 198.51.100.1')).status).toBe(429);
      expect((await hit('198.51.100.2')).status).toBe(400); // another client behind the proxy has its own budget
    } finally {
      await proxied.close();
    }
  });
});
