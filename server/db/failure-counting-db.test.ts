/**
 * Failed operations counted without command monitoring, on the run's MongoDB server: a failure is
 * reported once, named by the driver method that started it, and reaches the caller unchanged;
 * successes report nothing and answer as they would unwrapped.
 */
import { Collection, MongoClient, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { testDatabase } from '../../testkit/stack/test-database.js';
import { countingFailures } from './failure-counting-db.js';

let database: Awaited<ReturnType<typeof testDatabase>>;
let client: MongoClient;
const failures: string[] = [];

beforeAll(async () => {
  database = await testDatabase();
  client = await MongoClient.connect(database.uri, { serverSelectionTimeoutMS: 5_000 });
});

afterAll(async () => {
  await client?.close();
  await database?.cleanup();
});

beforeEach(() => {
  failures.length = 0;
});

// A collection testDatabase's cleanup empties.
const db = () => countingFailures(client.db(database.dbName), (operation) => failures.push(operation));
const jobs = () => db().collection<{ _id: string; n: number }>('revocation_jobs');

it('reports nothing for operations that succeed, and answers as the driver does', async () => {
  const collection = jobs();
  expect(collection).toBeInstanceOf(Collection);
  await collection.insertMany([
    { _id: 'ok-1', n: 1 },
    { _id: 'ok-2', n: 2 },
  ]);
  expect(await collection.findOne({ _id: 'ok-2' })).toEqual({ _id: 'ok-2', n: 2 });
  expect((await collection.find({ _id: { $in: ['ok-1', 'ok-2'] } }).sort({ n: -1 }).limit(5).toArray()).map((d) => d.n)).toEqual([2, 1]);
  const seen: number[] = [];
  for await (const document of collection.find({ _id: { $in: ['ok-1', 'ok-2'] } }).sort({ n: 1 })) seen.push(document.n);
  expect(seen).toEqual([1, 2]);
  expect(await db().command({ ping: 1 })).toMatchObject({ ok: 1 });
  expect(failures).toEqual([]);
});

it('reports a failed write once, by its method, and rethrows the same error', async () => {
  const collection = jobs();
  await collection.insertOne({ _id: 'taken', n: 0 });
  const error = await collection.insertOne({ _id: 'taken', n: 1 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MongoServerError);
  expect((error as MongoServerError).code).toBe(11000);
  expect(failures).toEqual(['insertOne']);
});

it('reports a cursor whose read fails under the method that made it, by toArray and by for await', async () => {
  const collection = jobs();
  const bad = { n: { $noSuchOperator: 1 } } as never;
  await expect(collection.find(bad).sort({ n: 1 }).toArray()).rejects.toThrow();
  await expect(
    (async () => {
      for await (const document of collection.find(bad)) void document;
    })(),
  ).rejects.toThrow();
  expect(failures).toEqual(['find', 'find']);
});

it('reports a failed database command', async () => {
  await expect(db().command({ noSuchCommandAnywhere: 1 })).rejects.toThrow();
  expect(failures).toEqual(['command']);
});
