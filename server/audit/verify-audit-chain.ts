/**
 * Checks the audit trail's hash chain (audit-chain.ts) from its first stored event to its last, in
 * pages, and reports the first broken link:
 * - `changed`: an event's fields no longer hash to its stored `hash`;
 * - `missing`: a number is absent (an event was removed, or events were moved to other numbers);
 * - `relinked`: an event's `prevHash` is not the previous event's `hash` (an event was replaced,
 *   reordered or inserted with a recomputed hash);
 * - `pruned_beyond_record`: the oldest events are gone further than the last retention event says.
 *
 * Where the chain starts: at number 1 (prevHash GENESIS_HASH), or — after retention removed the
 * oldest events — right after what the latest `audit.retention` event says it removed, chaining to
 * the hash it recorded. Tampering that rewrites every hash after the change is not visible here;
 * compare the head this reports with one recorded elsewhere (the log mirrors every event's hash).
 */
import type { Collection } from 'mongodb';
import type { AuditEventDocument } from '../db/collections.js';
import { eventHash, GENESIS_HASH } from './audit-chain.js';

export type BrokenLink = { seq: number; problem: 'changed' | 'missing' | 'relinked' | 'pruned_beyond_record'; detail: string };

export interface ChainReport {
  ok: boolean;
  /** Events checked. */
  checked: number;
  firstSeq: number | null;
  head: { seq: number; hash: string } | null;
  broken: BrokenLink | null;
}

const PAGE = 1_000;

/** The latest retention record: where the remaining chain must start. */
async function latestRetention(collection: Collection<AuditEventDocument>): Promise<{ throughSeq: number; throughHash: string } | null> {
  const [latest] = await collection.find({ _id: { $gte: 1 }, action: 'audit.retention' }).sort({ _id: -1 }).limit(1).toArray();
  return latest?.retention ?? null;
}

export async function verifyAuditChain(collection: Collection<AuditEventDocument>): Promise<ChainReport> {
  const retention = await latestRetention(collection);
  let expectedSeq = retention ? retention.throughSeq + 1 : 1;
  let expectedPrev = retention ? retention.throughHash : GENESIS_HASH;
  let checked = 0;
  let firstSeq: number | null = null;
  let head: ChainReport['head'] = null;
  const report = (broken: BrokenLink | null): ChainReport => ({ ok: broken === null, checked, firstSeq, head, broken });

  let after = 0;
  for (;;) {
    const page = await collection.find({ _id: { $gt: after } }).sort({ _id: 1 }).limit(PAGE).toArray();
    for (const event of page) {
      firstSeq ??= event._id;
      if (event._id > expectedSeq) {
        if (checked === 0 && retention === null) return report({ seq: expectedSeq, problem: 'missing', detail: `the chain starts at ${event._id}, but no retention event records removing ${expectedSeq}–${event._id - 1}` });
        if (checked === 0) return report({ seq: expectedSeq, problem: 'pruned_beyond_record', detail: `retention removed events through ${expectedSeq - 1}, but the chain starts at ${event._id}` });
        return report({ seq: expectedSeq, problem: 'missing', detail: `event ${expectedSeq} is missing (the next stored is ${event._id})` });
      }
      if (event._id < expectedSeq) continue; // removed by retention already; the retention event vouches for them
      const { hash, ...unhashed } = event;
      if (eventHash(unhashed) !== hash) return report({ seq: event._id, problem: 'changed', detail: `event ${event._id} (${event.action}) does not match its hash: a field was changed` });
      if (event.prevHash !== expectedPrev) return report({ seq: event._id, problem: 'relinked', detail: `event ${event._id} does not chain to event ${event._id - 1}: events were replaced or reordered` });
      checked += 1;
      head = { seq: event._id, hash };
      expectedSeq = event._id + 1;
      expectedPrev = hash;
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!._id;
  }
  return report(null);
}
