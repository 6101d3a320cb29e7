/**
 * T35 (SECURITY.md): `audit:verify` cannot be fooled. Each way of tampering with a trail of three
 * writers' chains and a checkpoint is reported as what it is: an edited event, a deleted event, a
 * deleted chain, a forged duplicate or fork (with no unique index to refuse it), a chain rewritten
 * with recomputed hashes or cut short; a gap is accepted only where a retention record covers it.
 */
import type { Collection } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { AuditEventDocument } from '../db/collections.js';
import { auditTrailDatabase, quietLog } from '../../testkit/stack/audit-writers.js';
import { chainAfter, eventHash } from './audit-chain.js';
import { writeCheckpoint } from './audit-checkpoints.js';
import { pruneAuditEvents } from './audit-retention.js';
import { verifyAuditChain } from './verify-audit-chain.js';
import { LEGACY_CHAIN, legacyHash, type LegacyEvent } from './verify-legacy-chain.js';

const { db, auditEvents, auditChains, writer: newWriter } = await auditTrailDatabase();
const DAY_MS = 24 * 3600 * 1000;

/** Three writers' chains of `count` events each (plus each chain's start), and a checkpoint of them. */
async function trail(count = 6) {
  const three = await Promise.all([newWriter(), newWriter(), newWriter()]);
  for (let i = 1; i <= count; i += 1) {
    await Promise.all(three.map((audit, w) => audit.record({ action: 'token.use', outcome: 'success', user: { iss: 'https://salus.test', sub: `u${w}` }, actor: 'health-decisions', requestId: `w${w}-${i}` })));
  }
  await Promise.all(three.map((writer) => writer.publishHead()));
  expect(await writeCheckpoint({ auditEvents, auditChains }, quietLog)).not.toBeNull();
  expect(await verifyAuditChain(auditEvents, auditChains)).toMatchObject({ ok: true, chains: 4, checked: 3 * (count + 1) + 1, unbound: 0 });
  return three.map((writer) => writer.chain);
}

const problemsOf = async (collection: Collection<AuditEventDocument> = auditEvents) =>
  (await verifyAuditChain(collection, auditChains)).problems.map(({ chain, seq, problem }) => ({ chain, seq, problem }));

describe('audit:verify cannot be fooled', () => {
  it('reports an edited event at its chain and number', async () => {
    const [a] = await trail();
    await auditEvents.updateOne({ chain: a, seq: 4 }, { $set: { actor: 'someone-else' } });
    expect(await problemsOf()).toEqual([{ chain: a, seq: 4, problem: 'changed' }]);
  });

  it('reports a deleted event as missing, and a newest event deleted as behind its checkpoint', async () => {
    const [a, b] = await trail();
    await auditEvents.deleteOne({ chain: a, seq: 3 });
    expect(await problemsOf()).toEqual([{ chain: a, seq: 3, problem: 'missing' }]);
    await auditEvents.deleteOne({ chain: b, seq: 7 }); // b's head, which the checkpoint bound
    expect(await problemsOf()).toEqual([
      { chain: a, seq: 3, problem: 'missing' },
      { chain: b, seq: 7, problem: 'behind_checkpoint' },
    ]);
  });

  it('reports a deleted chain, even with its registry entry gone too', async () => {
    const [, , c] = await trail();
    await auditEvents.deleteMany({ chain: c });
    await auditChains.deleteOne({ _id: c! });
    expect(await problemsOf()).toEqual([{ chain: c, seq: 1, problem: 'chain_missing' }]);
  });

  it('reports a chain rewritten from an event on, every hash after it recomputed, where a checkpoint bound its head', async () => {
    const [a] = await trail();
    const stored = await auditEvents.find({ chain: a }).sort({ seq: 1 }).toArray();
    const kept = stored.slice(0, 3);
    const forged = chainAfter(a!, { seq: 3, hash: kept.at(-1)!.hash }, stored.slice(3).map(({ _id, chain, seq, prevHash, hash, ...event }) => ({ ...event, actor: 'forger' })));
    await auditEvents.deleteMany({ chain: a, seq: { $gt: 3 } });
    await auditEvents.insertMany(forged);
    expect(await problemsOf()).toEqual([{ chain: a, seq: 7, problem: 'rewritten' }]);
  });

  it('reports a forged duplicate and a fork as such with no unique index to refuse them', async () => {
    await trail();
    // The embedded engine has no dropIndexes: the trail is copied into a collection that never had
    // the unique index, which is what a database whose index was dropped looks like.
    const unindexed = db.collection<AuditEventDocument>('audit_events_unindexed');
    await unindexed.deleteMany({});
    try {
      await unindexed.insertMany((await auditEvents.find({}).toArray()).map(({ _id, ...event }) => event));
      const [victim] = await unindexed.find({ action: 'token.use', seq: 4 }).limit(1).toArray();
      const { _id, ...copy } = victim!;
      await unindexed.insertOne(copy); // the same event again: accepted, as no index refuses it
      expect(await unindexed.countDocuments({ chain: victim!.chain, seq: 4 })).toBe(2);
      expect(await problemsOf(unindexed)).toEqual([{ chain: victim!.chain, seq: 4, problem: 'duplicate' }]);

      // A different event at the same number, chained correctly and hashed correctly: a fork.
      await unindexed.deleteOne({ _id: (await unindexed.find({ chain: victim!.chain, seq: 4 }).sort({ _id: -1 }).limit(1).toArray())[0]!._id });
      const { hash: _hash, ...unhashed } = { ...copy, requestId: 'forged', actor: 'forger' };
      await unindexed.insertOne({ ...unhashed, hash: eventHash(unhashed) });
      expect(await problemsOf(unindexed)).toEqual([{ chain: victim!.chain, seq: 4, problem: 'fork' }]);

      // A document that belongs to no chain at all, written around the service.
      await db.collection('audit_events_unindexed').insertOne({ action: 'token.use', outcome: 'success', actor: 'forger', at: new Date() });
      expect((await problemsOf(unindexed)).map((problem) => problem.problem)).toEqual(['fork', 'unchained']);
    } finally {
      await unindexed.deleteMany({});
    }
  });

  it('accepts a pruned range, also after a later run removed the earlier retention record', async () => {
    const [a, b, c] = await trail(4);
    const later = new Date(Date.now() + 1_000);
    // Nothing is older than the period yet: nothing goes.
    const pruner = await newWriter();
    expect(await pruneAuditEvents({ collection: auditEvents, audit: pruner, retentionDays: 1 })).toEqual({ removed: 0, ranges: [] });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const writer = await newWriter();
    await writer.record({ action: 'token.use', outcome: 'success', requestId: 'newer' });

    const first = await pruneAuditEvents({ collection: auditEvents, audit: pruner, retentionDays: 1, now: new Date(later.getTime() + DAY_MS) });
    // Every old event goes: the three chains and the checkpoint, each as a prefix, named in one record.
    expect(first.removed).toBe(3 * 5 + 1);
    expect(first.ranges.map((range) => [range.chain, range.throughSeq]).sort()).toEqual([[a, 5], [b, 5], [c, 5], ['checkpoints', 1]].sort());
    expect(await auditEvents.countDocuments({ chain: { $in: [a!, b!, c!] } })).toBe(0);
    expect(await problemsOf()).toEqual([]);

    // A year on, the record itself is old: the next run removes it and carries its ranges forward.
    const second = await pruneAuditEvents({ collection: auditEvents, audit: await newWriter(), retentionDays: 1, now: new Date(Date.now() + 365 * DAY_MS) });
    expect(second.ranges.map((range) => range.chain)).toContain(pruner.chain);
    expect(await auditEvents.countDocuments({ chain: pruner.chain })).toBe(0);
    const report = await verifyAuditChain(auditEvents, auditChains);
    expect(report).toMatchObject({ ok: true, chains: 1 });
    expect((await auditEvents.find({ action: 'audit.retention' }).toArray()).flatMap((record) => record.retention!.map((range) => range.chain))).toEqual(expect.arrayContaining([a, b, c, pruner.chain, writer.chain, 'checkpoints']));
  });

  it('refuses a gap no retention record covers: the oldest events of a chain deleted, or one more than was pruned', async () => {
    const [a] = await trail();
    await auditEvents.deleteMany({ chain: a, seq: { $lte: 2 } });
    expect(await problemsOf()).toEqual([{ chain: a, seq: 1, problem: 'missing' }]);

    await auditEvents.deleteMany({});
    await auditChains.deleteMany({});
    const audit = await newWriter();
    for (const requestId of ['old-1', 'old-2']) await audit.record({ action: 'token.use', outcome: 'success', requestId });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const boundary = new Date();
    for (const requestId of ['new-1', 'new-2']) await audit.record({ action: 'token.use', outcome: 'success', requestId });
    const pruned = await pruneAuditEvents({ collection: auditEvents, audit: await newWriter(), retentionDays: 1, now: new Date(boundary.getTime() + DAY_MS) });
    expect(pruned.ranges).toEqual([expect.objectContaining({ chain: audit.chain, throughSeq: 3 })]);
    expect(await problemsOf()).toEqual([]);
    await auditEvents.deleteOne({ chain: audit.chain, requestId: 'new-1' }); // beyond what the record vouches for
    expect(await problemsOf()).toEqual([{ chain: audit.chain, seq: 4, problem: 'pruned_beyond_record' }]);
  });

  it('checks events an earlier version wrote (one chain numbered by _id) with their own hash, beside the new chains', async () => {
    await trail(2);
    const legacy = db.collection<LegacyEvent>('audit_events');
    let prevHash = '0'.repeat(64);
    for (let seq = 1; seq <= 3; seq += 1) {
      const unhashed = { _id: seq, prevHash, at: new Date(Date.UTC(2025, 0, seq)), action: 'token.use', outcome: 'success', userIss: 'https://salus.test', userSub: 'old', actor: 'health-decisions' };
      const hash = legacyHash(unhashed);
      await legacy.insertOne({ ...unhashed, hash });
      prevHash = hash;
    }
    expect(await verifyAuditChain(auditEvents, auditChains)).toMatchObject({ ok: true, checked: 3 * 3 + 1 + 3 });
    await legacy.updateOne({ _id: 2 }, { $set: { actor: 'someone-else' } });
    expect(await problemsOf()).toEqual([{ chain: LEGACY_CHAIN, seq: 2, problem: 'changed' }]);
  });
});
