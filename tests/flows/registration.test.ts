/**
 * Dynamic client registration happens once per issuer + redirect URI, across restarts and when two
 * service processes start at the same time against one database.
 */
import { afterAll, expect, it } from 'vitest';
import { startSandbox } from 'healthex-sandbox';
import { startTestStack, TEST_RETURN_URL } from '../../testkit/stack/test-stack.js';

const sandbox = await startSandbox();
afterAll(() => sandbox.close());

it('registers once across two restarts of the service', async () => {
  const first = await startTestStack({ sandbox });
  const env = { PORT: first.env.PORT };
  await first.api(await first.tokenFor('reg-user')).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'popup' });
  expect(sandbox.stats().registrations).toBe(1);
  const [stored] = await first.db.collection('oauth_clients').find({}).toArray();
  await first.close({ keepData: true });

  for (let restart = 0; restart < 2; restart++) {
    const again = await startTestStack({ sandbox, dbName: first.dbName, env });
    const { authorizationUrl } = await again.api(await again.tokenFor('reg-user')).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'popup' });
    expect(new URL(authorizationUrl).searchParams.get('client_id')).toBe(stored!.clientId);
    await again.close({ keepData: restart === 0 });
  }
  expect(sandbox.stats().registrations).toBe(1);
});

it('registers once when two processes start at once on one database', async () => {
  const before = sandbox.stats().registrations;
  const a = await startTestStack({ sandbox });
  // A second process behind the same public URL (as behind a load balancer), on its own port.
  const b = await startTestStack({ sandbox, dbName: a.dbName, env: { PUBLIC_URL: a.service.url } });
  const [fromA, fromB] = await Promise.all([
    a.api(await a.tokenFor('race-a')).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'popup' }),
    b.api(await b.tokenFor('race-b')).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'popup' }),
  ]);
  expect(new URL(fromA.authorizationUrl).searchParams.get('client_id')).toBe(new URL(fromB.authorizationUrl).searchParams.get('client_id'));
  expect(sandbox.stats().registrations).toBe(before + 1);
  await b.close({ keepData: true });
  await a.close();
});
