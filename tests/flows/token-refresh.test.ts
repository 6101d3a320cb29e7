/**
 * getAccessToken under concurrency: HealthEx rotates refresh tokens and revokes the grant when an
 * old one is reused, so twenty callers at once must cause exactly one refresh. A refused refresh
 * moves the user to reauth_required; a new authorization moves them on.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAccessTokens, ReauthRequiredError } from '../../server/connections/access-tokens.js';
import { createConnectionStore } from '../../server/connections/connection-store.js';
import { collectionsOf } from '../../server/db/collections.js';
import { createLogger } from '../../server/logger.js';
import { startTestStack, TEST_ISSUER, type TestStack } from '../../testkit/stack/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

async function connectUser(sub: string, patient = 'ava@sandbox.healthex.test') {
  const token = await stack.tokenFor(sub);
  expect((await stack.get(await stack.authorizeAtSandbox(token, patient))).status).toBe(303);
  await stack.api(token).connection.confirm.mutate();
  return { iss: TEST_ISSUER, sub };
}

async function expireAccessToken(sub: string) {
  await stack.db.collection('connections').updateOne({ userSub: sub }, { $set: { accessTokenExpiresAt: new Date(Date.now() - 1000) } });
}

it('twenty concurrent callers with an expired token cause exactly one refresh, and all get a working token', async () => {
  const user = await connectUser('refresh-many');
  await expireAccessToken('refresh-many');
  const refreshesBefore = stack.sandbox.stats().grants.refresh_token;
  const failedBefore = stack.sandbox.stats().failedRefreshes;

  const tokens = await Promise.all(Array.from({ length: 20 }, () => stack.service.accessTokens.getAccessToken(user)));

  expect(stack.sandbox.stats().grants.refresh_token).toBe(refreshesBefore + 1);
  expect(stack.sandbox.stats().failedRefreshes).toBe(failedBefore); // no invalid_grant
  expect(new Set(tokens).size).toBe(1);
  expect(await stack.sandbox.introspect(tokens[0]!)).toMatchObject({ active: true, sub: 'patient-ava' });
  expect((await stack.api(await stack.tokenFor('refresh-many')).connection.status.query()).state).toBe('connected');
});

it('refreshes once across processes: two services on one database share the lease', async () => {
  const user = await connectUser('refresh-two-processes', 'ben@sandbox.healthex.test');
  await expireAccessToken('refresh-two-processes');
  const other = createAccessTokens({
    // A second process: its own store and in-memory state, the same database and HealthEx client.
    store: createConnectionStore(collectionsOf(stack.db).connections, stack.config.keyRing),
    healthex: stack.service.healthex,
    audit: { record: async () => {} },
    log: createLogger('silent'),
    refreshSkewSeconds: 60,
  });
  const refreshesBefore = stack.sandbox.stats().grants.refresh_token;
  const tokens = await Promise.all(
    Array.from({ length: 20 }, (_, i) => (i % 2 ? other : stack.service.accessTokens).getAccessToken(user)),
  );
  expect(stack.sandbox.stats().grants.refresh_token).toBe(refreshesBefore + 1);
  expect(new Set(tokens).size).toBe(1);
  expect((await stack.sandbox.introspect(tokens[0]!)).active).toBe(true);
});

it('a refresh HealthEx refuses moves the user to reauth_required; a new authorization moves them on', async () => {
  const user = await connectUser('refresh-refused', 'carmen@sandbox.healthex.test');
  await stack.sandbox.revokeGrantsOf('patient-carmen');
  await expireAccessToken('refresh-refused');
  const results = await Promise.allSettled(Array.from({ length: 5 }, () => stack.service.accessTokens.getAccessToken(user)));
  for (const result of results) expect(result).toMatchObject({ status: 'rejected', reason: expect.any(ReauthRequiredError) });

  const api = stack.api(await stack.tokenFor('refresh-refused'));
  const status = await api.connection.status.query();
  expect(status).toMatchObject({ state: 'reauth_required', scope: [] });
  const document = await stack.db.collection('connections').findOne({ userSub: 'refresh-refused' });
  expect(document).toMatchObject({ sealedAccessToken: null, sealedRefreshToken: null });
  await expect(stack.service.accessTokens.getAccessToken(user)).rejects.toBeInstanceOf(ReauthRequiredError);

  // Reconnecting: the user had confirmed before, so they are connected again at once.
  expect((await stack.get(await stack.authorizeAtSandbox(await stack.tokenFor('refresh-refused'), 'carmen@sandbox.healthex.test'))).status).toBe(303);
  expect((await api.connection.status.query()).state).toBe('connected');
  expect((await stack.sandbox.introspect(await stack.service.accessTokens.getAccessToken(user))).active).toBe(true);
});
