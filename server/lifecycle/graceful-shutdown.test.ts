/**
 * SIGTERM to a real service process in the middle of a callback whose token request HealthEx holds
 * open: readiness turns 503 at once, new connections are refused after the delay, the held request
 * still completes, and the database shows a whole connection (nothing half-written).
 */
import { Agent, createServer, get as httpGet } from 'node:http';
import Koa from 'koa';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { startFakeHealthex, type FakeHealthex } from '../../testkit/fakes/fake-healthex.js';
import { createLogger } from '../logger.js';
import { freePort } from '../net/free-port.js';
import { closeConnectionsWhileDraining, createLifecycle, drainAndClose, trackRequests } from './graceful-shutdown.js';
import { connectTokenFor, onInstance, PROCESS_RETURN_URL, widgetApi } from '../../testkit/processes/process-client.js';
import { deploymentEnv, PROCESS_ISSUER, spawnServiceProcess, type ServiceProcess } from '../../testkit/processes/service-process.js';

let healthex: FakeHealthex;
let service: ServiceProcess | undefined;
let mongo: MongoClient;

beforeAll(async () => {
  healthex = await startFakeHealthex();
  mongo = await MongoClient.connect(inject('mongodbUri'));
});
afterAll(async () => {
  await service?.stop();
  await healthex?.close();
  await mongo?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A service process (in `service`) with these SHUTDOWN_DELAY_SECONDS and SHUTDOWN_DEADLINE_SECONDS. */
async function startWithShutdownTimings(delaySeconds: string, deadlineSeconds: string) {
  const port = await freePort();
  const deployment = deploymentEnv({
    mongodbUri: inject('mongodbUri'),
    healthexIssuer: healthex.issuer,
    extra: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, SHUTDOWN_DELAY_SECONDS: delaySeconds, SHUTDOWN_DEADLINE_SECONDS: deadlineSeconds },
  });
  service = await spawnServiceProcess({ env: deployment.env });
  return { deployment, running: service };
}

/** Sends the callback while HealthEx holds its token request for `holdMs`, and SIGTERM meanwhile. */
async function signalMidCallback(running: ServiceProcess, callback: URL, holdMs: number) {
  let tokenRequestArrived!: () => void;
  const arrived = new Promise<void>((resolve) => (tokenRequestArrived = resolve));
  healthex.beforeToken = async () => {
    tokenRequestArrived();
    await sleep(holdMs);
  };
  const callbackAnswer = fetch(onInstance(callback, running.url), { redirect: 'manual' });
  await arrived;
  const signalledAt = Date.now();
  running.child.kill('SIGTERM');
  return { callbackAnswer, signalledAt };
}

it('SIGTERM mid-callback: /readyz 503 at once, the callback completes, new connections are refused, then the process exits cleanly', async () => {
  const { deployment, running: started } = await startWithShutdownTimings('1', '15');
  const service = started; // this test's process (the file's `service` is what afterAll stops)
  const token = await connectTokenFor(deployment.issuerSecret, 'shutdown-ava');
  const { authorizationUrl } = await widgetApi(service.url, token).connection.begin.mutate({ returnUrl: PROCESS_RETURN_URL, mode: 'redirect' });
  const callback = await healthex.authorize(authorizationUrl, 'patient-ava');

  // HealthEx holds the token request; the signal arrives while the callback waits for it.
  const { callbackAnswer, signalledAt } = await signalMidCallback(service, callback, 2_500);

  await sleep(150);
  const readiness = await fetch(`${service.url}/readyz`);
  expect(readiness.status).toBe(503);
  expect(await readiness.json()).toEqual({ status: 'shutting_down' });
  expect(readiness.headers.get('connection')).toBe('close');

  // After the 1 s delay the listener is closed: a new connection is refused.
  await sleep(Math.max(0, signalledAt + 1_400 - Date.now()));
  await expect(fetch(`${service.url}/healthz`)).rejects.toThrow();

  const answer = await callbackAnswer;
  expect(answer.status).toBe(303);
  expect(answer.headers.get('location')).toMatch(/^https:\/\/app\.salus\.test\/precision-medicine\?healthex_result=authorized/);
  expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(2_000); // it really was in flight across the shutdown

  expect({ ...(await service.exited), output: service.output().slice(-1500) }).toMatchObject({ code: 0, signal: null });
  expect(service.output()).toContain('database closed');

  const db = mongo.db(deployment.env.MONGODB_DB);
  const connection = await db.collection('connections').findOne({ userIss: PROCESS_ISSUER, userSub: 'shutdown-ava' });
  expect(connection).toMatchObject({ state: 'authorized', sealedAccessToken: expect.any(String), sealedRefreshToken: expect.any(String), accessTokenExpiresAt: expect.any(Date) });
  // The state was used once (replay protection keeps the document, marked consumed).
  expect(await db.collection('pending_authorizations').countDocuments({ consumedAt: null })).toBe(0);
  expect(await db.collection('audit_events').countDocuments({ action: 'authorization.callback', outcome: 'success' })).toBe(1);
});

it('SIGTERM with an idle keep-alive client: that socket closes at once, the in-flight answer says Connection: close, exit 0 within a second of it', async () => {
  await service?.stop();
  const { deployment, running } = await startWithShutdownTimings('0.2', '10');
  const token = await connectTokenFor(deployment.issuerSecret, 'shutdown-idle-ben');
  const { authorizationUrl } = await widgetApi(running.url, token).connection.begin.mutate({ returnUrl: PROCESS_RETURN_URL, mode: 'redirect' });
  const callback = await healthex.authorize(authorizationUrl, 'patient-ben');

  // A keep-alive client that asked once and now sits idle on its socket.
  const agent = new Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
  let idleClosedAt = 0;
  await new Promise<void>((resolve, reject) => {
    const request = httpGet(`${running.url}/healthz`, { agent }, (answer) => answer.resume().once('end', resolve));
    request.once('socket', (socket) => socket.once('close', () => (idleClosedAt = Date.now())));
    request.once('error', reject);
  });

  const { callbackAnswer, signalledAt } = await signalMidCallback(running, callback, 1_500);
  const answer = await callbackAnswer;
  const answeredAt = Date.now();
  healthex.beforeToken = null;
  expect(answer.status).toBe(303);
  expect(answer.headers.get('connection')).toBe('close');
  const exit = await running.exited;
  const exitedAt = Date.now();
  expect({ ...exit, output: running.output().slice(-1500) }).toMatchObject({ code: 0, signal: null });
  expect(idleClosedAt - signalledAt).toBeLessThan(1_000); // closed by the server at once, not at the deadline
  expect(idleClosedAt).toBeGreaterThan(0);
  expect(exitedAt - answeredAt).toBeLessThan(1_000);
  agent.destroy();
});

it('a request still open at the deadline is cut, and only then does the database close', async () => {
  const server = createServer(() => {}); // never answers
  const requests = trackRequests(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const hanging = fetch(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`).then(
    () => 'answered',
    () => 'cut',
  );
  await sleep(100);
  const order: string[] = [];
  const started = Date.now();
  const result = await drainAndClose(
    { lifecycle: createLifecycle(), server, requests, closeDatabase: async () => void order.push(`database closed after ${Date.now() - started >= 300 ? 'the deadline' : 'too soon'}`) },
    { delayMs: 0, deadlineMs: 300, log: createLogger('silent') },
  );
  expect(result).toEqual({ cutConnections: true });
  expect(await hanging).toBe('cut');
  expect(order).toEqual(['database closed after the deadline']);
});

it('while draining, an answer written straight to the Node response (as tRPC writes its answers) carries Connection: close too', async () => {
  const lifecycle = createLifecycle();
  const app = new Koa();
  app.use(closeConnectionsWhileDraining(lifecycle));
  app.use((ctx) => {
    ctx.respond = false;
    ctx.res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/trpc/connection.status`;
  try {
    expect((await fetch(url)).headers.get('connection')).not.toBe('close');
    lifecycle.draining = true;
    expect((await fetch(url)).headers.get('connection')).toBe('close');
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
