/**
 * Threats to the secrets we hold (SECURITY.md T15–T19): tokens leaking through logs or answers,
 * tampered or swapped ciphertexts in the database, and refresh-token reuse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecryptionError, type SealPurpose } from '../../server/crypto/key-ring.js';
import { ReauthRequiredError } from '../../server/connections/access-tokens.js';
import { userKeyString } from '../../server/identity/user-key.js';
import { appCodeOf, startTestStack, TEST_ISSUER, TEST_RETURN_URL, type TestStack } from '../../testkit/stack/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ env: { LOG_LEVEL: 'trace' } });
});
afterAll(() => stack?.close());

const AVA = 'ava@sandbox.healthex.test';
const BEN = 'ben@sandbox.healthex.test';
const CARMEN = 'carmen@sandbox.healthex.test';
const user = (sub: string) => ({ iss: TEST_ISSUER, sub });
const connections = () => stack.db.collection('connections');
const owner = (sub: string) => userKeyString(user(sub));

function open(sub: string, sealed: string, purpose: SealPurpose) {
  return stack.config.keyRing.open(sealed, { purpose, owner: owner(sub) });
}

async function storedTokens(sub: string) {
  const doc = (await connections().findOne({ userSub: sub }))!;
  return { access: open(sub, doc.sealedAccessToken, 'access_token'), refresh: open(sub, doc.sealedRefreshToken, 'refresh_token'), doc };
}

async function connect(sub: string, patient = AVA) {
  const token = await stack.tokenFor(sub);
  expect((await stack.get(await stack.authorizeAtSandbox(token, patient))).status).toBe(303);
  return token;
}

const expireAccessToken = (sub: string) => connections().updateOne({ userSub: sub }, { $set: { accessTokenExpiresAt: new Date(Date.now() - 1000) } });

/** Flips one character of a sealed value's ciphertext part. */
function tamper(sealed: string): string {
  const parts = sealed.split('.');
  const body = parts[3]!;
  parts[3] = (body[0] === 'A' ? 'B' : 'A') + body.slice(1);
  return parts.join('.');
}

describe('T15 token leakage through logs', () => {
  it('no secret of a whole flow — refused requests, refresh, failures and revocation included — reaches any log line or audit event', async () => {
    const secrets = new Map<string, string>();
    const keep = (name: string, value: string | null | undefined) => value && secrets.set(name, value);
    const firstLogLine = stack.logs.length;

    const token = await stack.tokenFor('leak-user');
    keep('connect token', token);
    const link = new URL(`${stack.service.url}/auth/healthex`);
    link.searchParams.set('token', token);
    link.searchParams.set('returnUrl', TEST_RETURN_URL);
    expect((await stack.get(link)).status).toBe(303);
    const callback = await stack.authorizeAtSandbox(token, AVA, 'allow', 'popup');
    keep('code', callback.searchParams.get('code'));
    keep('state', callback.searchParams.get('state'));
    const pending = await stack.db.collection<{ _id: string; sealedVerifier: string }>('pending_authorizations').findOne({ userSub: 'leak-user' }, { sort: { createdAt: -1 } });
    keep('verifier', stack.config.keyRing.open(pending!.sealedVerifier, { purpose: 'pkce_verifier', owner: `${owner('leak-user')} ${pending!._id}` }));
    keep('sealed verifier', pending!.sealedVerifier);
    expect((await stack.get(callback)).status).toBe(200);
    expect((await stack.get(callback)).status).toBe(400); // replayed

    const first = await storedTokens('leak-user');
    keep('access token', first.access);
    keep('refresh token', first.refresh);
    keep('sealed access token', first.doc.sealedAccessToken);
    await stack.api(token).connection.confirm.mutate();
    await expireAccessToken('leak-user');
    keep('refreshed access token', await stack.service.accessTokens.getAccessToken(user('leak-user')));
    keep('rotated refresh token', (await storedTokens('leak-user')).refresh);

    // Refusals that carry secrets in their input.
    const injected = await stack.authorizeAtSandbox(await stack.tokenFor('leak-user'), AVA);
    keep('injected state', injected.searchParams.get('state'));
    injected.searchParams.set('code', first.access); // a token where a code belongs
    expect((await stack.get(injected)).status).toBe(400);
    expect(await appCodeOf(stack.api(`${token}x`).connection.status.query())).toBe('UNAUTHENTICATED');
    const expired = await stack.tokenFor('leak-user', { lifetimeSeconds: -120 });
    keep('expired connect token', expired);
    expect(await appCodeOf(stack.api(expired).connection.status.query())).toBe('UNAUTHENTICATED');

    // A refresh HealthEx refuses (the grant was revoked there), then a new authorization, then disconnect.
    const other = await connect('leak-refused', CARMEN);
    keep('second connect token', other);
    const refused = await storedTokens('leak-refused');
    keep('revoked access token', refused.access);
    keep('revoked refresh token', refused.refresh);
    await stack.sandbox.revokeGrantsOf('patient-carmen');
    await expireAccessToken('leak-refused');
    await expect(stack.service.accessTokens.getAccessToken(user('leak-refused'))).rejects.toBeInstanceOf(ReauthRequiredError);
    await stack.api(token).connection.disconnect.mutate();

    for (const [name, value] of Object.entries(stack.env)) if (/KEY|ISSUERS|SECRET/.test(name)) keep(name, value);
    keep('encryption key', stack.env.TOKEN_ENCRYPTION_KEYS.split(':')[1]);
    keep('issuer secret', stack.issuerSecret.toString('base64url'));
    keep('issuer secret (base64)', stack.issuerSecret.toString('base64'));

    const logs = stack.logs.slice(firstLogLine).join('');
    expect(stack.logs.length - firstLogLine).toBeGreaterThan(20); // every line was captured, at trace level
    for (const expected of ['audit authorization.begin success', 'audit authorization.callback success', 'audit token.refresh success', 'audit token.refresh failure', 'audit token.revoke success', 'code_refused', 'state_replayed']) {
      expect(logs).toContain(expected);
    }
    const audit = JSON.stringify(await stack.db.collection('audit_events').find({}).toArray());
    for (const [name, secret] of secrets) {
      expect([name, logs.includes(secret)]).toEqual([name, false]);
      expect([name, audit.includes(secret)]).toEqual([name, false]);
    }
  });
});

describe('T16 secrets in API answers, pages and error messages', () => {
  it('no answer the widget or a browser receives carries a token, code, state or verifier', async () => {
    const token = await stack.tokenFor('answers-user');
    const bodies: string[] = [];
    const { authorizationUrl } = await stack.api(token).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'popup' });
    const callback = await (await import('healthex-sandbox')).completeAuthorization(authorizationUrl, { username: BEN, decision: 'allow' });
    const page = await stack.get(callback);
    bodies.push(await page.text(), JSON.stringify([...page.headers]));
    bodies.push(await (await stack.get(callback)).text());
    bodies.push(JSON.stringify(await stack.api(token).connection.status.query()));
    bodies.push(JSON.stringify(await stack.api(token).connection.confirm.mutate()));
    await expireAccessToken('answers-user');
    const { access, refresh } = await storedTokens('answers-user');
    for (const path of ['connection.status', 'connection.nope']) bodies.push(await (await fetch(`${stack.service.url}/trpc/${path}`, { headers: { authorization: `Bearer ${token}` } })).text());
    bodies.push(JSON.stringify(await stack.api(token).connection.disconnect.mutate()));
    const all = bodies.join('\n');
    for (const secret of [access, refresh, callback.searchParams.get('code')!, callback.searchParams.get('state')!, token]) expect(all).not.toContain(secret);
  });
});

describe('T17 tampered ciphertexts', () => {
  it('a tampered access or refresh token is detected and never used or sent to HealthEx', async () => {
    await connect('tamper-user', AVA);
    const { doc } = await storedTokens('tamper-user');
    await connections().updateOne({ userSub: 'tamper-user' }, { $set: { sealedAccessToken: tamper(doc.sealedAccessToken) } });
    await expect(stack.service.accessTokens.getAccessToken(user('tamper-user'))).rejects.toBeInstanceOf(DecryptionError);

    const before = stack.sandbox.stats();
    await connections().updateOne({ userSub: 'tamper-user' }, { $set: { sealedRefreshToken: tamper(doc.sealedRefreshToken), accessTokenExpiresAt: new Date(0) } });
    const error = await stack.service.accessTokens.getAccessToken(user('tamper-user')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecryptionError);
    expect(String((error as Error).message)).not.toContain(doc.sealedRefreshToken.split('.')[3]);
    expect(stack.sandbox.stats().grants.refresh_token).toBe(before.grants.refresh_token);
    expect(stack.sandbox.stats().failedRefreshes).toBe(before.failedRefreshes);
    // The status the widget reads needs no token and keeps working.
    expect((await stack.api(await stack.tokenFor('tamper-user')).connection.status.query()).state).toBe('authorized');
  });

  it('disconnect with a tampered refresh token still erases everything, revokes the access token, and answers normally', async () => {
    const token = await connect('tamper-disconnect', CARMEN);
    const { doc, access } = await storedTokens('tamper-disconnect');
    await connections().updateOne({ userSub: 'tamper-disconnect' }, { $set: { sealedRefreshToken: tamper(doc.sealedRefreshToken) } });
    expect((await stack.api(token).connection.disconnect.mutate()).state).toBe('not_connected');
    expect(await connections().countDocuments({ userSub: 'tamper-disconnect' })).toBe(0);
    expect((await stack.sandbox.introspect(access)).active).toBe(false);
    expect(await stack.db.collection('audit_events').findOne({ userSub: 'tamper-disconnect', action: 'token.revoke' })).toMatchObject({ outcome: 'failure', reason: 'sealed_value_rejected' });
  });

  it('a ciphertext naming another key, or not sealed at all, is refused the same way', async () => {
    await connect('tamper-kid', BEN);
    const { doc } = await storedTokens('tamper-kid');
    for (const forged of [doc.sealedAccessToken.replace(/^v1\.test1\./, 'v1.other.'), doc.sealedAccessToken.replace(/^v1\./, 'v0.'), 'plain-token-value']) {
      await connections().updateOne({ userSub: 'tamper-kid' }, { $set: { sealedAccessToken: forged } });
      await expect(stack.service.accessTokens.getAccessToken(user('tamper-kid'))).rejects.toBeInstanceOf(DecryptionError);
    }
  });

  it('a tampered PKCE verifier stops the callback before any token request, with a page and an audit event', async () => {
    const callback = await stack.authorizeAtSandbox(await stack.tokenFor('tamper-verifier'), AVA);
    const pending = stack.db.collection<{ sealedVerifier: string }>('pending_authorizations');
    const doc = (await pending.findOne({ userSub: 'tamper-verifier' }))!;
    await pending.updateOne({ userSub: 'tamper-verifier' }, { $set: { sealedVerifier: tamper(doc.sealedVerifier) } });
    const codeGrants = stack.sandbox.stats().grants.authorization_code;
    const answer = await stack.get(callback);
    expect(answer.status).toBe(500);
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect(await answer.text()).toContain('start again');
    expect(stack.sandbox.stats().grants.authorization_code).toBe(codeGrants);
    expect(await connections().countDocuments({ userSub: 'tamper-verifier' })).toBe(0);
    expect(await stack.db.collection('audit_events').countDocuments({ reason: 'pending_authorization_unreadable' })).toBe(1);
  });
});

describe('T18 swapped ciphertexts', () => {
  it('a token moved to another user, or used as the other kind of token, fails to open', async () => {
    await connect('swap-alice', AVA);
    await connect('swap-mallory', BEN);
    const alice = (await storedTokens('swap-alice')).doc;
    // Mallory's record gets Alice's access token: Mallory must not be able to use it.
    await connections().updateOne({ userSub: 'swap-mallory' }, { $set: { sealedAccessToken: alice.sealedAccessToken, accessTokenExpiresAt: alice.accessTokenExpiresAt } });
    await expect(stack.service.accessTokens.getAccessToken(user('swap-mallory'))).rejects.toBeInstanceOf(DecryptionError);
    // Alice's refresh token in her own access-token field: the purpose is bound too.
    await connections().updateOne({ userSub: 'swap-alice' }, { $set: { sealedAccessToken: alice.sealedRefreshToken } });
    await expect(stack.service.accessTokens.getAccessToken(user('swap-alice'))).rejects.toBeInstanceOf(DecryptionError);
  });

  it('a verifier moved to another pending authorization of the same user fails to open', async () => {
    const token = await stack.tokenFor('swap-verifier');
    const first = await stack.authorizeAtSandbox(token, AVA);
    const second = await stack.authorizeAtSandbox(token, AVA);
    const pending = stack.db.collection<{ _id: string; sealedVerifier: string; createdAt: Date }>('pending_authorizations');
    const [older, newer] = await pending.find({ userSub: 'swap-verifier' }).sort({ createdAt: 1 }).toArray();
    await pending.updateOne({ _id: newer!._id }, { $set: { sealedVerifier: older!.sealedVerifier } });
    expect((await stack.get(second)).status).toBe(500);
    expect((await stack.get(first)).status).toBe(303); // the untouched one still works
  });
});

describe('T19 refresh-token reuse', () => {
  it('uses each refresh token once: concurrent callers share one refresh, and the old token is dead afterwards', async () => {
    await connect('reuse-user', AVA);
    const old = await storedTokens('reuse-user');
    await expireAccessToken('reuse-user');
    const before = stack.sandbox.stats();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => stack.service.accessTokens.getAccessToken(user('reuse-user'))));
    expect(new Set(tokens).size).toBe(1);
    expect(stack.sandbox.stats().grants.refresh_token).toBe(before.grants.refresh_token + 1);
    expect((await stack.sandbox.introspect(old.refresh)).active).toBe(false);
    const rotated = await storedTokens('reuse-user');
    expect(rotated.refresh).not.toBe(old.refresh);

    await expireAccessToken('reuse-user'); // the next refresh uses the rotated token, and HealthEx accepts it
    expect((await stack.sandbox.introspect(await stack.service.accessTokens.getAccessToken(user('reuse-user')))).active).toBe(true);
    expect(stack.sandbox.stats().failedRefreshes).toBe(before.failedRefreshes);
  });

  it('when a stolen old refresh token is replayed, HealthEx revokes the grant and we stop: reauth_required, tokens erased, one failed refresh', async () => {
    await connect('reuse-stolen', BEN);
    const stolen = (await storedTokens('reuse-stolen')).refresh;
    await expireAccessToken('reuse-stolen');
    await stack.service.accessTokens.getAccessToken(user('reuse-stolen')); // rotates; `stolen` is now the old one
    const clientId = (await stack.db.collection('oauth_clients').findOne({}))!.clientId as string;
    const replay = await fetch(`${stack.sandbox.issuer}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stolen, client_id: clientId }),
    });
    expect(replay.status).toBe(400); // the attacker gets nothing, and the grant is revoked

    const failed = stack.sandbox.stats().failedRefreshes;
    await expireAccessToken('reuse-stolen');
    await expect(stack.service.accessTokens.getAccessToken(user('reuse-stolen'))).rejects.toBeInstanceOf(ReauthRequiredError);
    await expect(stack.service.accessTokens.getAccessToken(user('reuse-stolen'))).rejects.toBeInstanceOf(ReauthRequiredError);
    expect(stack.sandbox.stats().failedRefreshes).toBe(failed + 1);
    expect(await connections().findOne({ userSub: 'reuse-stolen' })).toMatchObject({ state: 'reauth_required', sealedAccessToken: null, sealedRefreshToken: null });
  });
});
