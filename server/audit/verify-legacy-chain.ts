/**
 * The trail as earlier versions wrote it: one global chain numbered by `_id` (1, 2, 3, …), no
 * `chain` field, retention recorded as `{ throughSeq, throughHash }`. A database upgraded in place
 * keeps those events until retention removes them; `audit:verify` checks them here, with the hash
 * they were written with, so an upgrade neither fails verification nor hides tampering with them.
 * Nothing writes this form any more.
 */
import { createHash } from 'node:crypto';
import type { Collection } from 'mongodb';
import { GENESIS_HASH } from './audit-chain.js';

export const LEGACY_CHAIN = '(before per-writer chains)';

/** What an earlier version stored (see AuditEventDocument for today's form). */
export interface LegacyEvent {
  _id: number;
  prevHash: string;
  hash: string;
  at: Date;
  action: string;
  outcome: string;
  userIss?: string;
  userSub?: string;
  requestId?: string;
  reason?: string;
  actor?: string;
  retention?: { throughSeq: number; throughHash: string };
}

export function legacyHash(event: Omit<LegacyEvent, 'hash'>): string {
  const retention = event.retention && !Array.isArray(event.retention) ? [event.retention.throughSeq, event.retention.throughHash] : null;
  const form = [event._id, event.prevHash, event.at instanceof Date ? event.at.toISOString() : String(event.at), event.action, event.outcome, event.userIss ?? null, event.userSub ?? null, event.requestId ?? null, event.reason ?? null, event.actor ?? null, retention];
  return createHash('sha256').update(JSON.stringify(form), 'utf8').digest('hex');
}

export interface LegacyReport {
  checked: number;
  /** The first broken link, as `seq` and a description. */
  broken: { seq: number; detail: string } | null;
}

/** Verifies the legacy events (numbered `_id`, no `chain`) as the one chain they were written as. */
export async function verifyLegacyChain(events: Collection<LegacyEvent>): Promise<LegacyReport> {
  const filter = { chain: { $exists: false }, _id: { $gte: 1 } };
  const [retentionRecord] = await events.find({ ...filter, action: 'audit.retention' }).sort({ _id: -1 }).limit(1).toArray();
  const retention = retentionRecord?.retention;
  let expectedSeq = retention ? retention.throughSeq + 1 : 1;
  let expectedPrev = retention ? retention.throughHash : GENESIS_HASH;
  let checked = 0;
  for await (const event of events.find(filter).sort({ _id: 1 })) {
    if (event._id < expectedSeq && checked === 0) continue; // removed by retention already
    if (event._id !== expectedSeq) return { checked, broken: { seq: expectedSeq, detail: `event ${expectedSeq} is missing (the next stored is ${event._id}), and no retention record covers it` } };
    if (legacyHash(event) !== event.hash) return { checked, broken: { seq: event._id, detail: `event ${event._id} (${event.action}) does not match its hash: a field was changed` } };
    if (event.prevHash !== expectedPrev) return { checked, broken: { seq: event._id, detail: `event ${event._id} does not chain to event ${event._id - 1}` } };
    checked += 1;
    expectedSeq = event._id + 1;
    expectedPrev = event.hash;
  }
  return { checked, broken: null };
}
