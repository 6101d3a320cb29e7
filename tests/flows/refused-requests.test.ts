/**
 * Refused cases answer with a clear 4xx and change nothing: the callback with a bad state, a denied
 * consent, a missing or replayed code, a wrong issuer; begin with a foreign return URL; every kind of
 * bad connect token; malformed tRPC input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { completeAuthorization } from 'healthex-sandbox';
import { appCodeOf, startTestStack, TEST_ISSUER, TEST_RETURN_URL, type TestStack } from '../../testkit/stack/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

const callbackUrl = (query: Record<string, string>) => {
  const url = new URL(`${stack.service.url}/auth/healthex/callback`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url;
};

async function stateOf(user: string) {
  return (await stack.api(await stack.tokenFor(user)).connection.status.query()).state;
}

async function connectionCount() {
  return stack.db.collection('connections').countDocuments({});
}

describe('callback refusals', () => {
  it('refuses an unknown state with 400 and no state change', async () => {
    const before = await connectionCount();
    const answer = await stack.get(callbackUrl({ state: 'never-issued', code: 'whatever', iss: stack.sandbox.issuer }));
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('already used or is not known');
    expect(await connectionCount()).toBe(before);
  });

  it('refuses a callback without state, and repeated parameters', async () => {
    expect((await stack.get(callbackUrl({ code: 'x' }))).status).toBe(400);
    expect((await stack.get(`${stack.service.url}/auth/healthex/callback?state=a&state=b&code=c`)).status).toBe(400);
  });

  it('refuses a replayed state (the same callback twice)', async () => {
    const callback = await stack.authorizeAtSandbox(await stack.tokenFor('replay-user'));
    expect((await stack.get(callback)).status).toBe(303);
    const version = (await stack.db.collection('connections').findOne({ userSub: 'replay-user' }))!.version;
    const again = await stack.get(callback);
    expect(again.status).toBe(400);
    expect((await stack.db.collection('connections').findOne({ userSub: 'replay-user' }))!.version).toBe(version);
  });

  it('refuses an expired state', async () => {
    const token = await stack.tokenFor('slow-user');
    const { authorizationUrl } = await stack.api(token).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'redirect' });
    const callback = await completeAuthorization(authorizationUrl, { username: 'ava@sandbox.healthex.test', decision: 'allow' });
    await stack.db.collection('pending_authorizations').updateMany({ userSub: 'slow-user' }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const answer = await stack.get(callback);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('expired');
    expect(await stateOf('slow-user')).toBe('not_connected');
  });

  it('handles access_denied: back to the page with a clear message, no state change', async () => {
    const callback = await stack.authorizeAtSandbox(await stack.tokenFor('deny-user'), 'ava@sandbox.healthex.test', 'deny');
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const answer = await stack.get(callback);
    expect(answer.status).toBe(403);
    const html = await answer.text();
    expect(html).toContain('You chose not to share your HealthEx records');
    expect(html).toContain('<meta http-equiv="refresh" content="0;url=https://app.salus.test/precision-medicine?tab=records&#38;healthex_result=denied">');
    expect(await stateOf('deny-user')).toBe('not_connected');
  });

  it('refuses a response without a code', async () => {
    const callback = await stack.authorizeAtSandbox(await stack.tokenFor('nocode-user'));
    callback.searchParams.delete('code');
    const answer = await stack.get(callback);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('did not send an authorization code');
    expect(await stateOf('nocode-user')).toBe('not_connected');
  });

  it('refuses a replayed code under a fresh state (code injection)', async () => {
    const first = await stack.authorizeAtSandbox(await stack.tokenFor('code-owner'));
    expect((await stack.get(first)).status).toBe(303);
    const attackerToken = await stack.tokenFor('code-thief');
    const second = await stack.authorizeAtSandbox(attackerToken);
    second.searchParams.set('code', first.searchParams.get('code')!);
    const answer = await stack.get(second);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('did not accept this authorization');
    expect(await stateOf('code-thief')).toBe('not_connected');
  });

  it('refuses a response from another issuer (mix-up, RFC 9207)', async () => {
    const callback = await stack.authorizeAtSandbox(await stack.tokenFor('mixup-user'));
    callback.searchParams.set('iss', 'https://evil.example');
    expect((await stack.get(callback)).status).toBe(400);
    expect(await stateOf('mixup-user')).toBe('not_connected');
  });
});

describe('begin refusals', () => {
  it('refuses a return URL off the issuer’s allowed origins', async () => {
    const api = stack.api(await stack.tokenFor('redirect-user'));
    for (const returnUrl of ['https://evil.example/', 'https://app.salus.test.evil.example/', 'javascript:alert(1)', 'https://user:pw@app.salus.test/']) {
      const code = await appCodeOf(api.connection.begin.mutate({ returnUrl, mode: 'redirect' }));
      expect([code, returnUrl]).toEqual([expect.stringMatching(/INVALID_RETURN_URL|INVALID_INPUT/), returnUrl]);
    }
    expect(await stack.db.collection('pending_authorizations').countDocuments({ userSub: 'redirect-user' })).toBe(0);
  });
});

describe('connect-token refusals', () => {
  const statusWith = (token: string | null) => appCodeOf(stack.api(token).connection.status.query());

  it('refuses missing, malformed, expired, wrong-audience, unknown-issuer and forged tokens', async () => {
    expect(await statusWith(null)).toBe('UNAUTHENTICATED');
    expect(await statusWith('not-a-jwt')).toBe('UNAUTHENTICATED');
    expect(await statusWith(await stack.tokenFor('u', { lifetimeSeconds: -60 }))).toBe('UNAUTHENTICATED');
    expect(await statusWith(await stack.tokenFor('u', { audience: 'someone-else' }))).toBe('UNAUTHENTICATED');
    expect(await statusWith(await stack.tokenFor('u', { issuer: 'https://unknown.example' }))).toBe('UNAUTHENTICATED');
    expect(await statusWith(await stack.tokenFor('u', { secret: new Uint8Array(32).fill(9) }))).toBe('UNAUTHENTICATED');
    expect(await statusWith(await stack.tokenFor('u', { lifetimeSeconds: 24 * 3600 }))).toBe('UNAUTHENTICATED');
    const unsigned = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(TEST_ISSUER).setSubject('u').setAudience('healthex-connect').setIssuedAt().setExpirationTime('5m').sign(new Uint8Array(32));
    expect(await statusWith(unsigned.replace(/\.[^.]+$/, '.'))).toBe('UNAUTHENTICATED');
  });

  it('answers 401 with a clear message and records the denial', async () => {
    const answer = await fetch(`${stack.service.url}/trpc/connection.status`, { headers: { authorization: 'Bearer nope' } });
    expect(answer.status).toBe(401);
    const body = await answer.json();
    expect(body.error.message).toBe('The connect token is not a valid JWT.');
    expect(body.error.data.appCode).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts/);
    expect(await stack.db.collection('audit_events').countDocuments({ action: 'request.denied', reason: 'malformed' })).toBeGreaterThan(0);
  });

  it('refuses a token used from a page origin its issuer does not allow', async () => {
    const api = stack.api(await stack.tokenFor('origin-user'), 'https://evil.example');
    expect(await appCodeOf(api.connection.status.query())).toBe('ORIGIN_NOT_ALLOWED');
  });
});

describe('malformed tRPC input', () => {
  it('answers 400 INVALID_INPUT, never 500', async () => {
    const token = await stack.tokenFor('bad-input');
    const post = (path: string, body: string) =>
      fetch(`${stack.service.url}/trpc/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    for (const body of ['{', '[]', '{"returnUrl": 5}', '{"returnUrl":"https://app.salus.test/","mode":"tab"}', '{"returnUrl":"https://app.salus.test/","mode":"popup","extra":1}', 'null']) {
      const answer = await post('connection.begin', body);
      expect([answer.status, body]).toEqual([400, body]);
      expect((await answer.json()).error.data.appCode).toBe('INVALID_INPUT');
    }
    expect((await post('connection.nope', '{}')).status).toBe(404);
    const wrongType = await fetch(`${stack.service.url}/trpc/connection.begin`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body: 'hello' });
    expect(wrongType.status).toBe(415);
    expect((await wrongType.json()).error.data.appCode).toBe('INVALID_INPUT');
    expect((await post('connection.begin', JSON.stringify({ returnUrl: `https://app.salus.test/${'a'.repeat(20_000)}`, mode: 'popup' }))).status).toBe(413);
    expect(await stack.db.collection('pending_authorizations').countDocuments({ userSub: 'bad-input' })).toBe(0);
  });
});
