/**
 * The shared limit stays exact when a crowd's calls are counted together: with the Mongo store and
 * two "processes" (two limiters, two MongoClients) on one database, a crowd of concurrent calls from
 * one address is allowed exactly the limit's number of times, the stored count is every call, and
 * the store saw fewer writes than calls.
 */
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDatabase } from '../../testkit/stack/test-database.js';
import { createRequestLimits, RATE_LIMIT_COLLECTION, type LimitVerdict } from './shared-limits.js';

let database: Awaited<ReturnType<typeof testDatabase>>;
const clients: MongoClient[] = [];

beforeAll(async () => {
  database = await testDatabase();
  for (let i = 0; i < 2; i += 1) clients.push(await MongoClient.connect(database.uri, { monitorCommands: true, serverSelectionTimeoutMS: 5_000 }));
});

afterAll(async () => {
  for (const client of clients) await client.close();
  await database?.cleanup();
});

it('allows exactly the limit across two processes under a concurrent crowd from one address, in fewer writes than calls', async () => {
  const writes: CommandStartedEvent[] = [];
  for (const client of clients) client.on('commandStarted', (event) => event.commandName === 'findAndModify' && writes.push(event));
  const limit = 7;
  const processes = clients.map((client) =>
    createRequestLimits({ store: 'mongodb', db: client.db(database.dbName), perMinute: { begin: limit, callback: 100 }, audit: { record: async () => undefined } }),
  );
  await processes[0]!.ensureIndexes();
  const request = { requestId: 'req-coalesced', log: pino({ level: 'silent' }) };
  const address = '198.51.100.7';

  const verdicts: LimitVerdict[] = await Promise.all(Array.from({ length: 60 }, (_, i) => processes[i % 2]!.take('begin', address, request)));

  expect(verdicts.filter((v) => v.allowed)).toHaveLength(limit);
  expect(verdicts.filter((v) => !v.allowed)).toEqual(Array.from({ length: 60 - limit }, () => ({ allowed: false, retryAfterSeconds: expect.any(Number) })));
  const stored = await database.client.db(database.dbName).collection(RATE_LIMIT_COLLECTION).findOne({ key: `begin:${address}` });
  expect(stored?.['points']).toBe(60);
  expect(writes.length).toBeGreaterThan(1); // both processes wrote to the shared count…
  expect(writes.length).toBeLessThan(60); // …in groups

  // Another address is counted on its own, from zero.
  expect(await processes[1]!.take('begin', '198.51.100.8', request)).toEqual({ allowed: true });
});

it('counts calls one by one in order: the first `limit` of a sequence are allowed, then none', async () => {
  const limits = createRequestLimits({ store: 'mongodb', db: clients[0]!.db(database.dbName), perMinute: { begin: 3, callback: 100 }, audit: { record: async () => undefined } });
  const request = { requestId: 'req-sequence', log: pino({ level: 'silent' }) };
  const verdicts: boolean[] = [];
  for (let i = 0; i < 5; i += 1) verdicts.push((await limits.take('begin', '203.0.113.5', request)).allowed);
  expect(verdicts).toEqual([true, true, true, false, false]);
});
