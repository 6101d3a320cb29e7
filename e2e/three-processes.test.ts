/**
 * Scale-out with real processes: three separate `node` service processes (one deployment: same
 * secrets, same PUBLIC_URL behind a notional load balancer) on one database. One patient's flow is
 * spread across them — begin on the first, the HealthEx callback on the second, confirm on the
 * third — then twenty concurrent access-token requests from Salus back ends, split across the three,
 * for a token about to expire: exactly one refresh reaches HealthEx. Then a disconnect.
 */
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { completeAuthorization, startSandbox, type Sandbox } from 'healthex-sandbox';
import { freePort } from '../server/net/free-port.js';
import { backendAccessToken, connectTokenFor, onInstance, PROCESS_RETURN_URL, widgetApi } from '../testkit/processes/process-client.js';
import { deploymentEnv, PROCESS_ISSUER, spawnServiceProcess, type ServiceProcess } from '../testkit/processes/service-process.js';

let sandbox: Sandbox;
let mongo: MongoClient;
let instances: ServiceProcess[] = [];
let deployment: ReturnType<typeof deploymentEnv>;

beforeAll(async () => {
  sandbox = await startSandbox({ accessTokenTtlSeconds: 3600 });
  mongo = await MongoClient.connect(inject('mongodbUri'));
  deployment = deploymentEnv({ mongodbUri: inject('mongodbUri'), healthexIssuer: sandbox.issuer, extra: { SHUTDOWN_DELAY_SECONDS: '0' } });
  const ports = [await freePort(), await freePort(), await freePort()];
  const publicUrl = `http://127.0.0.1:${ports[0]}`; // where HealthEx sends the patient back (any instance serves it)
  instances = await Promise.all(ports.map((port) => spawnServiceProcess({ env: { ...deployment.env, PORT: String(port), PUBLIC_URL: publicUrl }, startTimeoutMs: 60_000 })));
}, 120_000);

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
  await mongo?.close();
  await sandbox?.close();
});

async function refreshSuccesses(instance: ServiceProcess): Promise<number> {
  const text = await (await fetch(instance.metricsUrl!)).text();
  const line = text.split('\n').find((l) => l.startsWith('healthex_connect_token_refreshes_total{outcome="success"}'));
  return line ? Number(line.split(' ').pop()) : 0;
}

it('begin on one process, callback on another, confirm on the third; 20 concurrent getAccessToken across all three refresh once; disconnect', async () => {
  const [a, b, c] = instances as [ServiceProcess, ServiceProcess, ServiceProcess];
  expect(new Set(instances.map((instance) => instance.child.pid)).size).toBe(3);
  const token = await connectTokenFor(deployment.issuerSecret, 'scale-ava');

  const { authorizationUrl } = await widgetApi(a.url, token).connection.begin.mutate({ returnUrl: PROCESS_RETURN_URL, mode: 'redirect' });
  const callback = await completeAuthorization(authorizationUrl, { username: 'ava@sandbox.healthex.test', decision: 'allow' });
  const answer = await fetch(onInstance(callback, b.url), { redirect: 'manual' });
  expect(answer.status).toBe(303);
  expect((await widgetApi(c.url, token).connection.confirm.mutate()).state).toBe('connected');
  expect((await widgetApi(a.url, token).connection.status.query()).state).toBe('connected');

  // The stored access token is about to expire (inside the refresh skew): the next use must refresh.
  const connections = mongo.db(deployment.env.MONGODB_DB!).collection('connections');
  await connections.updateOne({ userIss: PROCESS_ISSUER, userSub: 'scale-ava' }, { $set: { accessTokenExpiresAt: new Date(Date.now() + 5_000) } });
  const before = sandbox.stats();

  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => backendAccessToken(instances[i % 3]!.url, deployment.serviceSecret, 'scale-ava')));
  expect(results.map((result) => result.status)).toEqual(Array(20).fill(200));
  const tokens = new Set(results.map((result) => result.body.accessToken));
  expect(tokens.size).toBe(1);
  expect(sandbox.stats().grants.refresh_token - before.grants.refresh_token).toBe(1); // exactly one refresh reached HealthEx
  expect(sandbox.stats().failedRefreshes).toBe(before.failedRefreshes); // and no reuse of a rotated refresh token
  expect(await sandbox.introspect([...tokens][0]!)).toMatchObject({ active: true });
  // Whichever process won the lease did the refresh; the others waited for it and counted none.
  expect((await Promise.all(instances.map(refreshSuccesses))).reduce((x, y) => x + y, 0)).toBe(1);

  expect(await widgetApi(b.url, token).connection.disconnect.mutate()).toMatchObject({ state: 'not_connected' });
  expect((await widgetApi(c.url, token).connection.status.query()).state).toBe('not_connected');
  expect(sandbox.stats().revocations).toBeGreaterThan(before.revocations);
  expect((await backendAccessToken(a.url, deployment.serviceSecret, 'scale-ava')).status).toBe(409);
  expect(await connections.findOne({ userIss: PROCESS_ISSUER, userSub: 'scale-ava', sealedAccessToken: { $ne: null } })).toBeNull();
});
