/**
 * The whole flow over real HTTP, no browser: begin → the sandbox's login and consent → callback →
 * authorized → confirm → connected → disconnect → not_connected, with the sandbox's introspection
 * showing the token active before and revoked after. Then: nothing secret is stored in the clear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appCodeOf, startTestStack, TEST_ISSUER, TEST_RETURN_URL, type TestStack } from '../../testkit/stack/test-stack.js';
import { userKeyString } from '../../server/identity/user-key.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

async function everyStoredDocument(): Promise<string> {
  const names = ['oauth_clients', 'pending_authorizations', 'connections', 'audit_events'];
  const all = await Promise.all(names.map((name) => stack.db.collection(name).find({}).toArray()));
  return JSON.stringify(all);
}

describe('connect flow against the HealthEx sandbox', () => {
  it('goes not_connected → authorized → connected → not_connected, revoking at HealthEx', async () => {
    const token = await stack.tokenFor('user-flow');
    const api = stack.api(token);
    expect(await api.connection.status.query()).toEqual({ state: 'not_connected', scope: [], authorizedAt: null, connectedAt: null });

    const { authorizationUrl } = await api.connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'redirect' });
    const authorize = new URL(authorizationUrl);
    expect(authorize.origin + authorize.pathname).toBe(`${stack.sandbox.issuer}/oauth/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')).toBe('patient/*.read offline_access');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${stack.service.url}/auth/healthex/callback`);

    const { completeAuthorization } = await import('healthex-sandbox');
    const callback = await completeAuthorization(authorizationUrl, { username: 'ava@sandbox.healthex.test', decision: 'allow' });
    // HealthEx does not say whether it sends iss; the default variant does not (records-service.test.ts runs both).
    expect(callback.searchParams.get('iss')).toBeNull();
    const code = callback.searchParams.get('code')!;

    const answer = await stack.get(callback);
    expect(answer.status).toBe(303);
    const back = new URL(answer.headers.get('location')!);
    expect(back.origin + back.pathname).toBe('https://app.salus.test/precision-medicine');
    expect(back.searchParams.get('tab')).toBe('records');
    expect(back.searchParams.get('healthex_result')).toBe('authorized');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');

    // API answers vary by Origin (CORS) and are never cached.
    const raw = await fetch(`${stack.service.url}/trpc/connection.status`, { headers: { authorization: `Bearer ${token}`, origin: 'https://app.salus.test' } });
    expect(raw.headers.get('access-control-allow-origin')).toBe('https://app.salus.test');
    expect(raw.headers.get('vary')).toMatch(/\bOrigin\b/i);
    expect(raw.headers.get('cache-control')).toBe('no-store');

    const authorized = await api.connection.status.query();
    expect(authorized.state).toBe('authorized');
    expect(authorized.scope).toEqual(['patient/*.read', 'offline_access']);
    expect(authorized.connectedAt).toBeNull();

    // The stored tokens are real and belong to the patient who consented.
    const connection = await stack.db.collection('connections').findOne({ userIss: TEST_ISSUER, userSub: 'user-flow' });
    const user = { iss: TEST_ISSUER, sub: 'user-flow' };
    const accessToken = stack.config.keyRing.open(connection!.sealedAccessToken, { purpose: 'access_token', owner: userKeyString(user) });
    const refreshToken = stack.config.keyRing.open(connection!.sealedRefreshToken, { purpose: 'refresh_token', owner: userKeyString(user) });
    const before = await stack.sandbox.introspect(accessToken);
    expect(before).toMatchObject({ active: true, sub: 'patient-ava' });

    // Nothing secret in any stored document.
    const stored = await everyStoredDocument();
    for (const secret of [accessToken, refreshToken, code]) expect(stored).not.toContain(secret);
    // The PKCE verifier, recovered with the key the way only the service can: never stored in the clear.
    const pendingDoc = await stack.db.collection<{ _id: string; sealedVerifier: string }>('pending_authorizations').findOne({ userSub: 'user-flow' });
    const verifier = stack.config.keyRing.open(pendingDoc!.sealedVerifier, { purpose: 'pkce_verifier', owner: `${userKeyString(user)} ${pendingDoc!._id}` });
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(stored).not.toContain(verifier);
    expect(stored).not.toContain(new URL(authorizationUrl).searchParams.get('state')!);

    const connected = await api.connection.confirm.mutate();
    expect(connected.state).toBe('connected');
    expect(Date.parse(connected.connectedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(await api.connection.status.query()).toEqual(connected);

    const disconnected = await api.connection.disconnect.mutate();
    expect(disconnected.state).toBe('not_connected');
    expect(await api.connection.status.query()).toEqual({ state: 'not_connected', scope: [], authorizedAt: null, connectedAt: null });
    expect((await stack.sandbox.introspect(accessToken)).active).toBe(false);
    expect((await stack.sandbox.introspect(refreshToken)).active).toBe(false);
    expect(await stack.db.collection('connections').countDocuments({ userSub: 'user-flow' })).toBe(0);

    const actions = (await stack.db.collection('audit_events').find({ userSub: 'user-flow' }).toArray()).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual([
      'authorization.begin:success',
      'authorization.callback:success',
      'connection.confirm:success',
      'connection.disconnect:success',
      'token.revoke:success',
    ]);
  });

  it('a ciphertext copied onto another user fails to decrypt', async () => {
    const alice = await stack.tokenFor('alice-copy');
    const mallory = await stack.tokenFor('mallory-copy');
    await stack.get(await stack.authorizeAtSandbox(alice));
    await stack.get(await stack.authorizeAtSandbox(mallory, 'ben@sandbox.healthex.test'));
    const connections = stack.db.collection('connections');
    const aliceDoc = await connections.findOne({ userSub: 'alice-copy' });
    await connections.updateOne({ userSub: 'mallory-copy' }, { $set: { sealedAccessToken: aliceDoc!.sealedAccessToken, accessTokenExpiresAt: aliceDoc!.accessTokenExpiresAt } });
    const malloryDoc = await connections.findOne({ userSub: 'mallory-copy' });
    expect(() =>
      stack.config.keyRing.open(malloryDoc!.sealedAccessToken, { purpose: 'access_token', owner: userKeyString({ iss: TEST_ISSUER, sub: 'mallory-copy' }) }),
    ).toThrow(/failed authentication/);
    await expect(stack.service.accessTokens.getAccessToken({ iss: TEST_ISSUER, sub: 'mallory-copy' })).rejects.toThrow(/failed authentication/);
  });

  it('popup mode answers with a page that posts the result to the embedding origin only', async () => {
    const token = await stack.tokenFor('popup-user');
    const callback = await stack.authorizeAtSandbox(token, 'carmen@sandbox.healthex.test', 'allow', 'popup');
    const answer = await stack.get(callback);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await answer.text();
    const data = JSON.parse(/<script type="application\/json" id="healthex-result">(.*?)<\/script>/s.exec(html)![1]!);
    expect(data).toEqual({
      targetOrigin: 'https://app.salus.test',
      message: { source: 'healthex-connect', result: 'authorized' },
      fallbackUrl: 'https://app.salus.test/precision-medicine?tab=records&healthex_result=authorized',
    });
    expect(html).not.toMatch(/<script>(?!<)/); // no inline script
    const script = await stack.get(`${stack.service.url}/auth/healthex/popup.js`);
    expect(await script.text()).toContain('postMessage(data.message, data.targetOrigin)');
  });

  it('answers the plain-link form of begin with a redirect to HealthEx', async () => {
    const token = await stack.tokenFor('link-user');
    const url = new URL(`${stack.service.url}/auth/healthex`);
    url.searchParams.set('token', token);
    url.searchParams.set('returnUrl', TEST_RETURN_URL);
    const answer = await stack.get(url);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toMatch(new RegExp(`^${stack.sandbox.issuer}/oauth/authorize\\?`));
    url.searchParams.set('returnUrl', 'https://evil.example/steal');
    expect((await stack.get(url)).status).toBe(400);
  });
});

describe('refused requests change nothing', () => {
  it('confirm before authorize', async () => {
    const api = stack.api(await stack.tokenFor('early-confirm'));
    expect(await appCodeOf(api.connection.confirm.mutate())).toBe('NOT_AUTHORIZED_YET');
    expect((await api.connection.status.query()).state).toBe('not_connected');
  });
});

describe('authorizing again', () => {
  it('replaces the tokens, revokes the old ones, and keeps the new ones working', async () => {
    const token = await stack.tokenFor('twice-user');
    const user = { iss: TEST_ISSUER, sub: 'twice-user' };
    await stack.get(await stack.authorizeAtSandbox(token));
    const first = await stack.service.accessTokens.getAccessToken(user);
    await stack.get(await stack.authorizeAtSandbox(token));
    const second = await stack.service.accessTokens.getAccessToken(user);
    expect(second).not.toBe(first);
    expect((await stack.sandbox.introspect(first)).active).toBe(false);
    expect((await stack.sandbox.introspect(second)).active).toBe(true);
    expect((await stack.api(token).connection.status.query()).state).toBe('authorized');
  });
});
