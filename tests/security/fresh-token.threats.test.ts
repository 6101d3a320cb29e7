/**
 * T46 (SECURITY.md): a page left open after its user signed out still holds a connect token that
 * lives minutes. State-changing calls — begin, confirm, disconnect, records.update — refuse one
 * minted more than CONNECT_TOKEN_FRESH_SECONDS (60 s) ago with SIGNED_OUT, change nothing and are
 * audited; reads still accept it.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectUser } from '../../testkit/stack/connected-users.js';
import { appCodeOf, startTestStack, TEST_ISSUER, TEST_RETURN_URL, type TestStack } from '../../testkit/stack/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

/** A connect token as the host would have minted it `ageSeconds` ago (still unexpired). */
function mintedAgo(sub: string, ageSeconds: number): Promise<string> {
  const iat = Math.floor(Date.now() / 1000) - ageSeconds;
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(TEST_ISSUER)
    .setSubject(sub)
    .setAudience('healthex-connect')
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .sign(stack.issuerSecret);
}

it('begin, confirm, disconnect and records.update with a 2-minute-old token are refused (SIGNED_OUT), nothing changes; reads still work', async () => {
  await connectUser(stack, 'stale-authorized', 'ava@sandbox.healthex.test', { confirm: false });
  await connectUser(stack, 'stale-connected', 'ben@sandbox.healthex.test');
  const authorized = stack.api(await mintedAgo('stale-authorized', 120));
  const connected = stack.api(await mintedAgo('stale-connected', 120));
  const pendingBefore = await stack.db.collection('pending_authorizations').countDocuments({});
  const connectionsBefore = await stack.db.collection('connections').find({ userSub: { $in: ['stale-authorized', 'stale-connected'] } }).sort({ userSub: 1 }).toArray();

  expect(await appCodeOf(authorized.connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'popup' }))).toBe('SIGNED_OUT');
  expect(await appCodeOf(authorized.connection.confirm.mutate())).toBe('SIGNED_OUT');
  expect(await appCodeOf(connected.connection.disconnect.mutate())).toBe('SIGNED_OUT');
  expect(await appCodeOf(connected.records.update.mutate())).toBe('SIGNED_OUT');

  expect(await stack.db.collection('pending_authorizations').countDocuments({})).toBe(pendingBefore); // no begin happened
  expect(await stack.db.collection('connections').find({ userSub: { $in: ['stale-authorized', 'stale-connected'] } }).sort({ userSub: 1 }).toArray()).toEqual(connectionsBefore);
  const denied = await stack.db.collection('audit_events').countDocuments({ action: 'request.denied', reason: 'connect_token_not_fresh', userSub: { $in: ['stale-authorized', 'stale-connected'] } });
  expect(denied).toBe(4);

  // Reads may use the token the page holds.
  expect((await authorized.connection.status.query()).state).toBe('authorized');
  expect((await connected.activity.log.query({ limit: 5 })).events.length).toBeGreaterThan(0);
});

it('a token minted within the last minute is fresh enough for every state-changing call', async () => {
  await connectUser(stack, 'fresh-enough', 'carmen@sandbox.healthex.test', { confirm: false });
  const api = stack.api(await mintedAgo('fresh-enough', 45));
  expect((await api.connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'popup' })).authorizationUrl).toMatch(/\/oauth\/authorize\?/);
  expect((await api.connection.confirm.mutate()).state).toBe('connected');
  expect((await api.connection.disconnect.mutate()).state).toBe('not_connected');
});
