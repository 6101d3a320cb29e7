/**
 * Does the database make a single-document `findOneAndUpdate` atomic under concurrency? The code's
 * single use (`consumedAt: null` → set) and compare-and-set rely on it, as MongoDB guarantees. Runs
 * rounds of five concurrent updates of one document against the database `startDatabase` picks
 * (MONGODB_URI, else mongod, else the embedded engine) and counts the rounds where the answers show a
 * lost step: two callers handed the same pre-image, or two winners of a conditional update.
 *
 *   npx tsx bench/engine-atomicity.ts [rounds]
 *
 * Not part of `npm run bench`: a yes/no property of the engine, not a figure to track. Its result
 * on this machine is in bench/NOTES.md.
 */
import { MongoClient } from 'mongodb';
import { startDatabase } from '../server/db/start-database.js';

const rounds = Number(process.argv[2] ?? 300);
const database = await startDatabase();
const client = await MongoClient.connect(database.uri);
try {
  const collection = client.db(`atomicity_${Date.now()}`).collection<{ _id: number; t: number; v: number; consumedAt: Date | null }>('probe');
  let samePreImage = 0;
  let twoWinners = 0;
  for (let round = 0; round < rounds; round += 1) {
    await collection.insertOne({ _id: round, t: 0, v: 0, consumedAt: null });
    const five = [1, 2, 3, 4, 5];
    const before = await Promise.all(five.map((t) => collection.findOneAndUpdate({ _id: round }, { $set: { t }, $inc: { v: 1 } }, { returnDocument: 'before' })));
    const after = await collection.findOne({ _id: round });
    // Atomic: every caller saw a different predecessor, so the five pre-images and the end state are six values.
    if (new Set([...before.map((document) => document?.t), after?.t]).size !== 6) samePreImage += 1;
    const won = await Promise.all(five.map(() => collection.findOneAndUpdate({ _id: round, consumedAt: null }, { $set: { consumedAt: new Date() } })));
    if (won.filter((document) => document !== null).length !== 1) twoWinners += 1;
  }
  console.log(`database: ${database.kind}; ${rounds} rounds of five concurrent findOneAndUpdate on one document`);
  console.log(`  rounds where two callers got the same pre-image: ${samePreImage} (atomic: 0)`);
  console.log(`  rounds where a conditional update (consumedAt: null) had more than one winner: ${twoWinners} (atomic: 0)`);
} finally {
  await client.close();
  await database.stop();
}
