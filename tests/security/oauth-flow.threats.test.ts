/**
 * OAuth 2.0 threats from RFC 9700 that target the authorization flow itself (SECURITY.md T1–T7),
 * each against the real service and the HealthEx sandbox over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { completeAuthorization } from 'healthex-sandbox';
import { collectionsOf } from '../../server/db/collections.js';
import { userKeyString } from '../../server/identity/user-key.js';
import { createLogger } from '../../server/logger.js';
import { createHealthexClient } from '../../server/oauth/healthex-client.js';
import { appCodeOf, startTestStack, TEST_ISSUER, TEST_RETURN_URL, type TestStack } from '../../testkit/stack/test-stack.js';
import { startFakeAuthorizationServer } from '../../testkit/fakes/fake-authorization-server.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

const AVA = 'ava@sandbox.healthex.test';
const BEN = 'ben@sandbox.healthex.test';

const stateOf = async (sub: string) => (await stack.api(await stack.tokenFor(sub)).connection.status.query()).state;
const codeGrants = () => stack.sandbox.stats().grants.authorization_code;

/** Begin as `sub` and walk the sandbox's pages; returns the callback URL, not yet visited. */
async function authorize(sub: string, patient = AVA) {
  return stack.authorizeAtSandbox(await stack.tokenFor(sub), patient);
}

describe('T1 CSRF on the callback (a state from another user)', () => {
  it('links the attacker’s HealthEx records only to the attacker, never to the victim who opens the link', async () => {
    // The attacker authorizes with their own HealthEx account and sends the callback link to the victim.
    const attackersCallback = await authorize('csrf-attacker', BEN);
    const answer = await stack.get(attackersCallback); // opened in the victim's browser: no cookie, no session
    expect(answer.status).toBe(303);
    // The state is bound to the user who began: the victim is untouched, the attacker linked themselves.
    expect(await stateOf('csrf-victim')).toBe('not_connected');
    expect(await stateOf('csrf-attacker')).toBe('authorized');
    expect(await stack.db.collection('connections').countDocuments({ userSub: 'csrf-victim' })).toBe(0);
  });

  it('stores only a hash of each state, so a database reader cannot forge a callback', async () => {
    const callback = await authorize('csrf-state-hash');
    const state = callback.searchParams.get('state')!;
    const stored = await stack.db.collection('pending_authorizations').findOne({ userSub: 'csrf-state-hash' });
    expect(stored!._id).toBe(createHash('sha256').update(state).digest('base64url'));
    expect(JSON.stringify(stored)).not.toContain(state);
  });
});

describe('T2 authorization-code injection', () => {
  it('refuses the victim’s stolen code under the attacker’s state (PKCE binds the code to its verifier)', async () => {
    const victims = await authorize('inject-victim', AVA); // the code leaks before the victim's browser uses it
    const attackers = await authorize('inject-attacker', BEN);
    attackers.searchParams.set('code', victims.searchParams.get('code')!);
    const before = codeGrants();
    const answer = await stack.get(attackers);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('did not accept this authorization');
    expect(codeGrants()).toBe(before);
    expect(await stateOf('inject-attacker')).toBe('not_connected');
  });

  it('refuses the attacker’s code injected into the victim’s callback (no linking the victim to foreign records)', async () => {
    const victims = await authorize('inject2-victim', AVA);
    const attackers = await authorize('inject2-attacker', BEN);
    victims.searchParams.set('code', attackers.searchParams.get('code')!);
    expect((await stack.get(victims)).status).toBe(400);
    expect(await stateOf('inject2-victim')).toBe('not_connected');
  });
});

describe('T3 authorization-code replay', () => {
  it('refuses the same callback twice (single-use state) without touching the stored tokens', async () => {
    const callback = await authorize('replay-twice');
    expect((await stack.get(callback)).status).toBe(303);
    const stored = await stack.db.collection('connections').findOne({ userSub: 'replay-twice' });
    const again = await stack.get(callback);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('already used');
    expect(await stack.db.collection('connections').findOne({ userSub: 'replay-twice' })).toEqual(stored);
  });

  it('refuses a used code under a fresh state (HealthEx refuses it; we store nothing)', async () => {
    const first = await authorize('replay-owner');
    expect((await stack.get(first)).status).toBe(303);
    const second = await authorize('replay-reuser');
    second.searchParams.set('code', first.searchParams.get('code')!);
    expect((await stack.get(second)).status).toBe(400);
    expect(await stateOf('replay-reuser')).toBe('not_connected');
    expect(await stateOf('replay-owner')).toBe('authorized');
  });

  it('lets exactly one of many concurrent uses of one callback through', async () => {
    const callback = await authorize('replay-race');
    const statuses = (await Promise.all(Array.from({ length: 8 }, () => stack.get(callback)))).map((r) => r.status).sort();
    expect(statuses).toEqual([303, 400, 400, 400, 400, 400, 400, 400]);
  });
});

describe('T4 PKCE downgrade (plain or missing challenge)', () => {
  it('always sends an S256 challenge of the verifier it stored', async () => {
    const { authorizationUrl } = await stack.api(await stack.tokenFor('pkce-s256')).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'redirect' });
    const url = new URL(authorizationUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const pending = await stack.db.collection<{ _id: string; sealedVerifier: string }>('pending_authorizations').findOne({ userSub: 'pkce-s256' });
    const verifier = stack.config.keyRing.open(pending!.sealedVerifier, { purpose: 'pkce_verifier', owner: `${userKeyString({ iss: TEST_ISSUER, sub: 'pkce-s256' })} ${pending!._id}` });
    expect(url.searchParams.get('code_challenge')).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('gets no code from HealthEx when the challenge is stripped or downgraded to plain on the way', async () => {
    for (const tamper of [(u: URL) => u.searchParams.set('code_challenge_method', 'plain'), (u: URL) => (u.searchParams.delete('code_challenge'), u.searchParams.delete('code_challenge_method'))]) {
      const { authorizationUrl } = await stack.api(await stack.tokenFor('pkce-downgrade')).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'redirect' });
      const url = new URL(authorizationUrl);
      tamper(url);
      const back = await completeAuthorization(url.href, { username: AVA, decision: 'allow' });
      expect(back.searchParams.get('code')).toBeNull();
      expect(back.searchParams.get('error')).toBe('invalid_request');
      expect((await stack.get(back)).status).toBe(400); // and the callback reports the failure
    }
    expect(await stateOf('pkce-downgrade')).toBe('not_connected');
  });

  it('refuses to use an authorization server that does not offer S256', async () => {
    for (const alter of [(m: Record<string, unknown>) => ({ ...m, code_challenge_methods_supported: ['plain'] }), ({ code_challenge_methods_supported: _, ...m }: Record<string, unknown>) => m]) {
      const fake = await startFakeAuthorizationServer(alter);
      try {
        const client = createHealthexClient({
          issuer: fake.issuer,
          redirectUri: stack.config.redirectUri,
          clientName: 'test',
          scope: 'patient/*.read',
          timeoutSeconds: 2,
          allowInsecureHttp: true,
          registrations: collectionsOf(stack.db).oauthClients,
          log: createLogger('silent'),
        });
        await expect(client.authorizationUrl({ state: 's', codeChallenge: 'c' })).rejects.toThrow(/S256/);
      } finally {
        await fake.close();
      }
    }
  });
});

describe('T5 open redirect through the return URL', () => {
  const hostile = [
    'https://evil.example/',
    'https://app.salus.test.evil.example/',
    'https://app.salus.test@evil.example/',
    'https://user:pw@app.salus.test/',
    'https://app.salus.test:8443/',
    'http://app.salus.test/',
    '//evil.example/',
    'https:/\\evil.example/',
    'javascript:alert(1)//https://app.salus.test/',
    'data:text/html,<script>alert(1)</script>',
    'https://xn--pp-salus-test.example/',
  ];

  it('refuses every return URL off the issuer’s allowed origins, over tRPC and the plain link, and stores nothing', async () => {
    const token = await stack.tokenFor('open-redirect');
    for (const returnUrl of hostile) {
      expect([returnUrl, await appCodeOf(stack.api(token).connection.begin.mutate({ returnUrl, mode: 'redirect' }))]).toEqual([returnUrl, expect.stringMatching(/^INVALID_(RETURN_URL|INPUT)$/)]);
      const link = new URL(`${stack.service.url}/auth/healthex`);
      link.searchParams.set('token', token);
      link.searchParams.set('returnUrl', returnUrl);
      const page = await stack.get(link);
      expect([returnUrl, page.status, page.headers.get('location')]).toEqual([returnUrl, 400, null]);
      expect(await page.text()).not.toContain('http-equiv="refresh"');
    }
    expect(await stack.db.collection('pending_authorizations').countDocuments({ userSub: 'open-redirect' })).toBe(0);
  });

  it('sends the user back only to the stored return URL, with a 303 (never a 307 that would re-post credentials)', async () => {
    const callback = await authorize('redirect-target');
    const answer = await stack.get(callback);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(`${TEST_RETURN_URL}&healthex_result=authorized`);
  });

  it('offers no way onward from a callback whose state it does not know', async () => {
    const answer = await stack.get(`${stack.service.url}/auth/healthex/callback?state=forged&code=x&returnUrl=https://evil.example/`);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('location')).toBeNull();
    const html = await answer.text();
    expect(html).not.toContain('evil.example');
    expect(html).not.toMatch(/http-equiv="refresh"|<a href/);
  });
});

describe('T6 mix-up (iss mismatch, RFC 9207)', () => {
  it('refuses a response naming another issuer, before any token request', async () => {
    const callback = await authorize('mixup-iss');
    callback.searchParams.set('iss', 'https://attacker-as.example');
    const before = codeGrants();
    expect((await stack.get(callback)).status).toBe(400);
    expect(codeGrants()).toBe(before);
    expect(await stateOf('mixup-iss')).toBe('not_connected');
  });

  it('accepts a response without iss, since HealthEx does not advertise it (RFC 9207 §2.4; the sandbox plays both)', async () => {
    const callback = await authorize('mixup-no-iss');
    expect(callback.searchParams.has('iss')).toBe(false); // the default variant, as HealthEx's metadata suggests
    const before = codeGrants();
    const answer = await stack.get(callback);
    expect(answer.status).toBe(303);
    expect(codeGrants()).toBe(before + 1);
    expect(await stateOf('mixup-no-iss')).toBe('authorized');
  });
});

describe('T7 redirect URI manipulation', () => {
  it('registers and sends exactly one redirect URI, and HealthEx refuses any other', async () => {
    const registration = await stack.db.collection('oauth_clients').findOne({});
    expect(registration!.redirectUri).toBe(stack.config.redirectUri);
    const { authorizationUrl } = await stack.api(await stack.tokenFor('redirect-uri')).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'redirect' });
    const url = new URL(authorizationUrl);
    expect(url.searchParams.get('redirect_uri')).toBe(stack.config.redirectUri);
    for (const other of [`${stack.config.redirectUri}/../evil`, `${stack.config.redirectUri}?next=https://evil.example`, 'https://evil.example/auth/healthex/callback']) {
      url.searchParams.set('redirect_uri', other);
      const answer = await fetch(url, { redirect: 'manual' });
      expect([other, answer.status >= 400, answer.headers.get('location')]).toEqual([other, true, null]);
    }
  });
});
