/**
 * Grouped inserts on the run's MongoDB server: a crowd's documents are all stored, in fewer insert
 * commands than documents, and a duplicate key fails only the caller whose document it was.
 */
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDatabase } from '../../testkit/stack/test-database.js';
import { createGroupedInsert } from './grouped-insert.js';

let database: Awaited<ReturnType<typeof testDatabase>>;
let client: MongoClient;
const inserts: CommandStartedEvent[] = [];

beforeAll(async () => {
  database = await testDatabase();
  client = await MongoClient.connect(database.uri, { monitorCommands: true, serverSelectionTimeoutMS: 5_000 });
  client.on('commandStarted', (event) => event.commandName === 'insert' && inserts.push(event));
});

afterAll(async () => {
  await client?.close();
  await database?.cleanup();
});

// A collection testDatabase's cleanup empties.
const collection = () => client.db(database.dbName).collection<{ _id: string; n: number }>('pending_authorizations');

it('stores every document of a concurrent crowd, in fewer inserts than documents', async () => {
  inserts.length = 0;
  const insert = createGroupedInsert(collection());
  await Promise.all(Array.from({ length: 50 }, (_, n) => insert({ _id: `crowd-${n}`, n })));
  expect(await collection().countDocuments({ _id: { $regex: /^crowd-/ } })).toBe(50);
  expect(inserts.length).toBeGreaterThanOrEqual(1);
  expect(inserts.length).toBeLessThan(50);
});

it('fails only the caller whose document has a duplicate key', async () => {
  const insert = createGroupedInsert(collection());
  await insert({ _id: 'taken', n: 0 });
  const results = await Promise.allSettled([insert({ _id: 'fresh-1', n: 1 }), insert({ _id: 'fresh-2', n: 2 }), insert({ _id: 'taken', n: 3 }), insert({ _id: 'fresh-3', n: 4 })]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  expect(await collection().countDocuments({ _id: { $in: ['fresh-1', 'fresh-2', 'fresh-3'] } })).toBe(3);
  expect((await collection().findOne({ _id: 'taken' }))?.n).toBe(0);
});
