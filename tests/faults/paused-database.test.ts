/**
 * T28 (SECURITY.md), under load: the database process itself stops (SIGSTOP — it keeps its sockets
 * open and answers nothing, as a hung or partitioned server would) while 200 status requests are in
 * flight. Every one is answered 503 SERVICE_UNAVAILABLE — none 500, whatever the driver calls the
 * failure (socket timeout, the pool it cleared, server selection) — within the configured timeouts;
 * after SIGCONT the service recovers by itself and answers the same 200 requests 200.
 *
 * The test starts its own database server (not the run's shared one, which other files use).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintConnectToken } from '../../demo/host-backend/mint-connect-token.js';
import { startConnectService, type RunningConnectService } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { startDatabase, type RunningDatabase } from '../../server/db/start-database.js';
import { capturingLogger, TEST_ISSUER, TEST_ORIGIN, testServiceEnv } from '../../testkit/stack/test-service-env.js';

const REQUESTS = 200;
const issuerSecret = randomBytes(32);
let logs: string[] = [];
let database: RunningDatabase;
let service: RunningConnectService;
let paused = false;

beforeAll(async () => {
  const { MONGODB_URI: _shared, ...env } = process.env;
  database = await startDatabase(env);
  if (!database.pid) throw new Error('the fault test needs a database process of its own');
  const config = await loadConfig({
    // Status never calls HealthEx.
    ...testServiceEnv({ healthexIssuer: 'http://127.0.0.1:9', dbName: 'paused_database', issuerSecret, port: '0' }),
    MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1000',
    MONGODB_SOCKET_TIMEOUT_MS: '1000',
    LOG_LEVEL: 'warn',
  });
  const captured = capturingLogger(config.logLevel);
  logs = captured.logs;
  const log = captured.log;
  service = await startConnectService({ config, mongodbUri: database.uri, log });
}, 60_000);

afterAll(async () => {
  if (paused && database?.pid) process.kill(database.pid, 'SIGCONT');
  await service?.close();
  await database?.stop();
});

async function statusRequests(token: string): Promise<Array<{ status: number; appCode: string | undefined; ms: number }>> {
  const started = Date.now();
  return Promise.all(
    Array.from({ length: REQUESTS }, async () => {
      const answer = await fetch(`${service.url}/trpc/connection.status`, { headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN } });
      const body = (await answer.json()) as { error?: { data?: { appCode?: string } } };
      return { status: answer.status, appCode: body.error?.data?.appCode, ms: Date.now() - started };
    }),
  );
}

const tally = (answers: Array<{ status: number }>) => answers.reduce<Record<number, number>>((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

describe('T28 the database process pauses under load', () => {
  it(`answers all ${REQUESTS} concurrent status requests 503 (none 500) while paused, and recovers after SIGCONT`, { timeout: 60_000 }, async () => {
    const token = await mintConnectToken({ issuer: TEST_ISSUER, subject: 'paused-pat', secret: issuerSecret, lifetimeSeconds: 600 });
    // Warm: the pool holds open connections, which is what a pause leaves hanging.
    expect(tally(await statusRequests(token))).toEqual({ 200: REQUESTS });

    process.kill(database.pid!, 'SIGSTOP');
    paused = true;
    const during = await statusRequests(token);
    expect(tally(during)).toEqual({ 503: REQUESTS });
    expect(during.every((answer) => answer.appCode === 'SERVICE_UNAVAILABLE')).toBe(true);
    // Bounded: a socket timeout, then server selection, each 1 s here, with room for a loaded machine.
    expect(Math.max(...during.map((answer) => answer.ms))).toBeLessThan(15_000);
    expect(logs.join('')).not.toContain('"level":50'); // an outage is not an internal error
    // Counted without command monitoring: each refused request failed its one read.
    const metrics = await service.metrics.registry.getSingleMetric('healthex_connect_mongodb_errors_total')!.get();
    expect(metrics.values.find((value) => value.labels.command === 'findOne')?.value).toBe(REQUESTS);

    process.kill(database.pid!, 'SIGCONT');
    paused = false;
    const deadline = Date.now() + 20_000;
    while ((await fetch(`${service.url}/readyz`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('not ready 20 s after SIGCONT');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(tally(await statusRequests(token))).toEqual({ 200: REQUESTS });
  });
});
