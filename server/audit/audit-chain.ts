/**
 * The audit trail's hash chain (SECURITY.md T35): one chain over all events, in the order of `_id`,
 * a sequence number 1, 2, 3, … that the database's unique `_id` index hands out exactly once, so
 * however many processes write at the same time the chain is one line and never forks (a process
 * that loses the race for a number re-reads the head and chains after it; mongo-audit-log.ts).
 *
 * Each event stores `prevHash` (the previous event's `hash`, or GENESIS_HASH for number 1) and
 * `hash` = SHA-256 of the canonical form below. Changing any field, removing an event or moving one
 * breaks a link that `npm run audit:verify` reports. Only the fields written here are covered; the
 * canonical form is an array in a fixed order, so key order in the stored document does not matter.
 */
import { createHash } from 'node:crypto';
import type { AuditEventDocument } from '../db/collections.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainHead {
  seq: number;
  hash: string;
}

/** Everything an event says, in a fixed order; absent optional fields are null. */
function canonicalForm(document: Omit<AuditEventDocument, 'hash'>): string {
  return JSON.stringify([
    document._id,
    document.prevHash,
    document.at instanceof Date ? document.at.toISOString() : String(document.at),
    document.action,
    document.outcome,
    document.userIss ?? null,
    document.userSub ?? null,
    document.requestId ?? null,
    document.reason ?? null,
    document.actor ?? null,
    document.retention ? [document.retention.throughSeq, document.retention.throughHash] : null,
  ]);
}

export function eventHash(document: Omit<AuditEventDocument, 'hash'>): string {
  return createHash('sha256').update(canonicalForm(document), 'utf8').digest('hex');
}

/** Chains `events` after `head` (null: the chain is empty). */
export function chainAfter(head: ChainHead | null, events: ReadonlyArray<Omit<AuditEventDocument, '_id' | 'prevHash' | 'hash'>>): AuditEventDocument[] {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return events.map((event) => {
    seq += 1;
    const unhashed = { ...event, _id: seq, prevHash };
    const document: AuditEventDocument = { ...unhashed, hash: eventHash(unhashed) };
    prevHash = document.hash;
    return document;
  });
}
