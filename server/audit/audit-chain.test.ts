/**
 * T35 (SECURITY.md): the audit trail is one hash chain. Many writers at once (separate clients, as
 * separate processes would be) produce one unbroken line; a changed, removed or reordered event is
 * found, at its number; retention removes a prefix and records it, and removing more is found.
 */
import { Writable } from 'node:stream';
import { MongoClient, type Collection } from 'mongodb';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { collectionsOf, type AuditEventDocument } from '../db/collections.js';
import { createLogger } from '../logger.js';
import { testDatabase } from '../../testkit/stack/test-database.js';
import { eventHash } from './audit-chain.js';
import { pruneAuditEvents } from './audit-retention.js';
import { createMongoAuditLog } from './mongo-audit-log.js';
import { verifyAuditChain } from './verify-audit-chain.js';

const database = await testDatabase();
const clients: MongoClient[] = [];
const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
let events: Collection<AuditEventDocument>;

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await database.cleanup();
});

/** An audit log on its own client (own connections and cached head), as another process would have. */
async function writer() {
  const client = await MongoClient.connect(database.uri);
  clients.push(client);
  return createMongoAuditLog(collectionsOf(client.db(database.dbName)).auditEvents, quiet);
}

beforeEach(async () => {
  events = collectionsOf(database.client.db(database.dbName)).auditEvents;
  await events.deleteMany({});
});

async function writeEvents(count: number) {
  const audit = await writer();
  for (let i = 1; i <= count; i += 1) await audit.record({ action: 'token.use', outcome: 'success', user: { iss: 'https://salus.test', sub: `u${i}` }, actor: 'health-decisions', requestId: `r${i}` });
}

describe('the audit hash chain', () => {
  it('stays one unbroken chain with many concurrent writers (no fork, no gap, no duplicate number)', async () => {
    const writers = await Promise.all([writer(), writer(), writer()]);
    await Promise.all(
      writers.flatMap((audit, w) => Array.from({ length: 40 }, (_, i) => audit.record({ action: 'request.denied', outcome: 'denied', reason: `writer${w}-${i}`, requestId: `w${w}-${i}` }))),
    );
    const stored = await events.find({}).sort({ _id: 1 }).toArray();
    expect(stored.map((event) => event._id)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(new Set(stored.map((event) => event.reason)).size).toBe(120); // every event stored exactly once
    expect(await verifyAuditChain(events)).toMatchObject({ ok: true, checked: 120, firstSeq: 1, head: { seq: 120 } });
  });

  it('finds a changed event at its number', async () => {
    await writeEvents(8);
    await events.updateOne({ _id: 5 }, { $set: { actor: 'someone-else' } });
    expect(await verifyAuditChain(events)).toMatchObject({ ok: false, checked: 4, broken: { seq: 5, problem: 'changed' } });
  });

  it('finds a removed event at its number', async () => {
    await writeEvents(8);
    await events.deleteOne({ _id: 6 });
    expect(await verifyAuditChain(events)).toMatchObject({ ok: false, checked: 5, broken: { seq: 6, problem: 'missing' } });
    // The newest event removed: the chain then ends early, which only a head recorded elsewhere
    // shows; the oldest removed is found.
    await events.deleteOne({ _id: 1 });
    expect(await verifyAuditChain(events)).toMatchObject({ ok: false, broken: { seq: 1, problem: 'missing' } });
  });

  it('finds reordered events, swapped as they are or with their hashes recomputed', async () => {
    await writeEvents(8);
    const [third, fourth] = await events.find({ _id: { $in: [3, 4] } }).sort({ _id: 1 }).toArray();
    await events.deleteMany({ _id: { $in: [3, 4] } });
    await events.insertMany([{ ...fourth!, _id: 3 }, { ...third!, _id: 4 }]);
    expect(await verifyAuditChain(events)).toMatchObject({ ok: false, broken: { seq: 3, problem: 'changed' } });

    // A forger who recomputes each moved event's own hash still cannot make it chain.
    await events.deleteMany({ _id: { $in: [3, 4] } });
    const rehashed = [{ ...fourth!, _id: 3 }, { ...third!, _id: 4 }].map(({ hash: _old, ...event }) => ({ ...event, hash: eventHash(event) }));
    await events.insertMany(rehashed);
    expect(await verifyAuditChain(events)).toMatchObject({ ok: false, broken: { seq: 3, problem: 'relinked' } });
  });

  it('removes only events older than the retention period, records it in the chain, and finds removal beyond the record', async () => {
    await writeEvents(5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const boundary = new Date();
    await writeEvents(5);
    const audit = await writer();
    const pruned = await pruneAuditEvents({ collection: events, audit, retentionDays: 1, now: new Date(boundary.getTime() + 24 * 3600 * 1000) });
    expect(pruned).toEqual({ removed: 5, throughSeq: 5 });
    const remaining = await events.find({}).sort({ _id: 1 }).toArray();
    expect(remaining.map((event) => event._id)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(remaining.at(-1)).toMatchObject({ action: 'audit.retention', retention: { throughSeq: 5 } });
    expect(await verifyAuditChain(events)).toMatchObject({ ok: true, firstSeq: 6, checked: 6 });
    // Nothing newer than the period goes.
    expect(await pruneAuditEvents({ collection: events, audit, retentionDays: 1, now: boundary })).toEqual({ removed: 0, throughSeq: null });

    await events.deleteOne({ _id: 6 }); // more than the retention event vouches for
    expect(await verifyAuditChain(events)).toMatchObject({ ok: false, broken: { seq: 6, problem: 'pruned_beyond_record' } });
  });
});
