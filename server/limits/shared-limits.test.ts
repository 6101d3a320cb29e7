/**
 * SECURITY.md T22's fallback: with the Mongo store, counts live in `rate_limits`; when MongoDB
 * becomes unreachable (the connection cut by a TCP proxy), the limiter does not fail open or shut:
 * it keeps counting in this process's memory (rate-limiter-flexible's insurance limiter) and refuses
 * over the limit, and once MongoDB is back the counts go to it again.
 */
import { MongoClient } from 'mongodb';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEventInput } from '../audit/audit-log.js';
import { startTcpProxy, type TcpProxy } from '../../testkit/faults/tcp-proxy.js';
import { testDatabase } from '../../testkit/stack/test-database.js';
import { createRequestLimits, RATE_LIMIT_COLLECTION } from './shared-limits.js';

let database: Awaited<ReturnType<typeof testDatabase>>;
let proxy: TcpProxy;
let proxied: MongoClient;

beforeAll(async () => {
  database = await testDatabase();
  const target = new URL(database.uri);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  proxied = await MongoClient.connect(`mongodb://127.0.0.1:${proxy.port}/?directConnection=true`, { serverSelectionTimeoutMS: 500, socketTimeoutMS: 1_000 });
});

afterAll(async () => {
  await proxied?.close().catch(() => undefined);
  await proxy?.close();
  await database?.cleanup();
});

it('counts in MongoDB, keeps counting in memory while MongoDB is unreachable, and goes back to MongoDB', async () => {
  const audited: AuditEventInput[] = [];
  const limits = createRequestLimits({
    store: 'mongodb',
    db: proxied.db(database.dbName),
    perMinute: { begin: 3, callback: 30 },
    audit: { record: async (event) => void audited.push(event) },
  });
  await limits.ensureIndexes();
  const request = { requestId: 'req-t22-fallback', log: pino({ level: 'silent' }) };
  const address = '192.0.2.22';
  const stored = async () => (await database.client.db(database.dbName).collection(RATE_LIMIT_COLLECTION).findOne({ key: `begin:${address}` }))?.['points'];

  expect(await limits.take('begin', address, request)).toEqual({ allowed: true });
  expect(await limits.take('begin', address, request)).toEqual({ allowed: true });
  expect(await stored()).toBe(2); // the shared count, in the database

  await proxy.cut();
  // The in-memory count starts afresh (it cannot know the database's), and still enforces the limit.
  const during = [];
  for (let i = 0; i < 4; i++) during.push(await limits.take('begin', address, request));
  expect(during.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
  expect(during[3]).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
  expect(audited).toEqual([expect.objectContaining({ action: 'request.denied', reason: 'rate_limited:begin' })]);
  expect(await stored()).toBe(2); // nothing reached the database meanwhile

  await proxy.restore();
  // Back on the database (once the driver reconnects): counting resumes from the stored 2, so the
  // shared limit of 3 is spent and the next call is refused.
  await expect.poll(async () => (await limits.take('begin', address, request), await stored()), { timeout: 10_000, interval: 200 }).toBeGreaterThan(2);
  expect(await limits.take('begin', address, request)).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
}, 30_000);
