/**
 * T45 (SECURITY.md): HealthEx's revocation endpoint is down, then hangs, then comes back, while two
 * real service processes share one database. Disconnect answers in well under a second throughout
 * and erases the usable tokens at once; the revocation jobs wait sealed in the outbox; after
 * recovery each token reaches HealthEx exactly once (never two senders at once), the jobs are
 * erased, and the audit trail and the patient's activity log tell the story.
 */
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { startFakeHealthex, type FakeHealthex } from '../../testkit/fakes/fake-healthex.js';
import { connectTokenFor, onInstance, PROCESS_RETURN_URL, widgetApi } from '../../testkit/processes/process-client.js';
import { deploymentEnv, PROCESS_ISSUER, spawnServiceProcess, type ServiceProcess } from '../../testkit/processes/service-process.js';

let healthex: FakeHealthex;
let mongo: MongoClient;
let deployment: ReturnType<typeof deploymentEnv>;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  healthex = await startFakeHealthex();
  mongo = await MongoClient.connect(inject('mongodbUri'));
  deployment = deploymentEnv({
    mongodbUri: inject('mongodbUri'),
    healthexIssuer: healthex.issuer,
    // Seconds instead of minutes, so the retries happen within the test.
    extra: { HEALTHEX_TIMEOUT_SECONDS: '1', REVOCATION_POLL_SECONDS: '0.1', REVOCATION_RETRY_BASE_SECONDS: '0.2', REVOCATION_RETRY_MAX_SECONDS: '0.4' },
  });
  services.push(...(await Promise.all([spawnServiceProcess({ env: deployment.env }), spawnServiceProcess({ env: deployment.env })])));
}, 60_000);
afterAll(async () => {
  await Promise.all(services.map((service) => service.stop()));
  await healthex?.close();
  await mongo?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const db = () => mongo.db(deployment.env.MONGODB_DB);

/** Connected through the first process: its two live tokens at the fake HealthEx. */
async function connect(sub: string): Promise<string[]> {
  const before = new Set(healthex.tokens.keys());
  const api = widgetApi(services[0]!.url, await connectTokenFor(deployment.issuerSecret, sub));
  const { authorizationUrl } = await api.connection.begin.mutate({ returnUrl: PROCESS_RETURN_URL, mode: 'redirect' });
  expect((await fetch(onInstance(await healthex.authorize(authorizationUrl, `patient-${sub}`), services[0]!.url), { redirect: 'manual' })).status).toBe(303);
  await api.connection.confirm.mutate();
  return [...healthex.tokens.keys()].filter((token) => !before.has(token));
}

/** Disconnect through `service`, timed. */
async function disconnect(sub: string, service: ServiceProcess): Promise<number> {
  const api = widgetApi(service.url, await connectTokenFor(deployment.issuerSecret, sub));
  const started = Date.now();
  expect((await api.connection.disconnect.mutate()).state).toBe('not_connected');
  return Date.now() - started;
}

async function gauge(service: ServiceProcess, name: string): Promise<number> {
  const text = await (await fetch(service.metricsUrl!)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

it('down, hanging, back: disconnect < 1 s, the tokens reach HealthEx once after recovery, from one process, and the jobs are erased', { timeout: 60_000 }, async () => {
  const avaTokens = await connect('outbox-ava');
  const benTokens = await connect('outbox-ben');
  expect(avaTokens).toHaveLength(2);

  // Down: 503 from /oauth/revoke.
  healthex.revokeEndpoint = 'error';
  expect(await disconnect('outbox-ava', services[0]!)).toBeLessThan(1_000);
  expect(await db().collection('connections').countDocuments({ userSub: 'outbox-ava' })).toBe(0);
  const [job] = await db().collection('revocation_jobs').find({ userSub: 'outbox-ava' }).toArray();
  expect(job).toMatchObject({ cause: 'disconnect', tokens: [{ hint: 'refresh_token' }, { hint: 'access_token' }] });
  for (const token of avaTokens) expect(JSON.stringify(job)).not.toContain(token); // sealed, never in the clear
  await sleep(1_200); // several retries, from either process
  const failedWhileDown = healthex.revocations.requests;
  expect(failedWhileDown).toBeGreaterThan(1);
  expect(healthex.tokens.get(avaTokens[0]!)?.active).toBe(true); // HealthEx never confirmed: still alive there
  expect(await gauge(services[1]!, 'healthex_connect_revocations_pending')).toBe(1);
  expect(await gauge(services[1]!, 'healthex_connect_revocations_retrying')).toBe(1);

  // Hanging: /oauth/revoke never answers (each attempt ends at HEALTHEX_TIMEOUT_SECONDS = 1).
  healthex.revokeEndpoint = 'hang';
  expect(await disconnect('outbox-ben', services[1]!)).toBeLessThan(1_000);
  await sleep(2_500);
  expect(healthex.revocations.confirmed.size).toBe(0);
  expect(await gauge(services[0]!, 'healthex_connect_revocations_pending')).toBe(2);

  // Back.
  healthex.revokeEndpoint = 'ok';
  const deadline = Date.now() + 20_000;
  while ((await db().collection('revocation_jobs').countDocuments({})) > 0 && Date.now() < deadline) await sleep(100);
  expect(await db().collection('revocation_jobs').countDocuments({})).toBe(0);
  for (const token of [...avaTokens, ...benTokens]) {
    expect(healthex.revocations.confirmed.get(token)).toBe(1);
    expect(healthex.tokens.get(token)?.active).toBe(false);
  }
  expect(healthex.revocations.overlaps).toBe(0);
  expect(await gauge(services[0]!, 'healthex_connect_revocations_pending')).toBe(0);

  // The audit trail: requested, not confirmed yet (once, not once per retry), confirmed.
  const trail = await db().collection('audit_events').find({ userIss: PROCESS_ISSUER, userSub: 'outbox-ava', action: { $in: ['connection.disconnect', 'token.revoke'] } }).sort({ at: 1 }).toArray();
  expect(trail.map((event) => `${event.action}:${event.outcome}:${event.reason}`)).toEqual([
    'connection.disconnect:success:undefined',
    'token.revoke:failure:disconnect:healthex_unavailable',
    'token.revoke:success:disconnect',
  ]);
  // The patient's activity log (newest first): requested, then confirmed by HealthEx.
  const { events } = await widgetApi(services[1]!.url, await connectTokenFor(deployment.issuerSecret, 'outbox-ava')).activity.log.query({ limit: 3 });
  expect(events.map((event) => `${event.action}/${event.outcome}`)).toEqual(['revoked/success', 'revoked/failure', 'disconnected/success']);
});
