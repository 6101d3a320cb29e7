/**
 * The audit trail's hash chains (SECURITY.md T35, docs/SCALING.md "The audit trail"). Every writer
 * — one service process, one run of a command-line tool — appends to a chain of its own, named at
 * start (`chain`) and numbered 1, 2, 3, … (`seq`). No other process ever writes that chain, so an
 * append never waits for or races another process. The heads of all chains are bound together by
 * checkpoints (audit-checkpoints.ts), themselves links of the one shared chain CHECKPOINT_CHAIN.
 *
 * Each event stores `prevHash` (the previous event's `hash` in its chain, or GENESIS_HASH for number
 * 1) and `hash` = SHA-256 of the canonical form below. Changing any field, removing an event or
 * moving one breaks a link that `npm run audit:verify` reports. The canonical form is an array in a
 * fixed order, so key order in the stored document does not matter; absent optional fields are null.
 */
import { createHash } from 'node:crypto';
import type { AuditEventDocument } from '../db/collections.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The shared chain of checkpoints: written rarely, by whichever process's timer comes first. */
export const CHECKPOINT_CHAIN = 'checkpoints';

export interface ChainHead {
  seq: number;
  hash: string;
}

export type UnhashedEvent = Omit<AuditEventDocument, '_id' | 'hash'>;
export type UnchainedEvent = Omit<AuditEventDocument, '_id' | 'chain' | 'seq' | 'prevHash' | 'hash'>;

function canonicalForm(document: UnhashedEvent): string {
  return JSON.stringify([
    document.chain,
    document.seq,
    document.prevHash,
    document.at instanceof Date ? document.at.toISOString() : String(document.at),
    document.action,
    document.outcome,
    document.userIss ?? null,
    document.userSub ?? null,
    document.requestId ?? null,
    document.reason ?? null,
    document.actor ?? null,
    document.retention ? document.retention.map((range) => [range.chain, range.throughSeq, range.throughHash]) : null,
    document.checkpoint ? document.checkpoint.map((head) => [head.chain, head.seq, head.hash]) : null,
  ]);
}

export function eventHash(document: UnhashedEvent): string {
  return createHash('sha256').update(canonicalForm(document), 'utf8').digest('hex');
}

/** Only the fields the chain covers: what a stored document says, whatever else was added to it. */
export function hashOfStored(document: AuditEventDocument): string {
  const { _id: _ignoredId, hash: _ignoredHash, ...unhashed } = document;
  return eventHash(unhashed);
}

/** Chains `events` after `head` of `chain` (null: the chain is empty). */
export function chainAfter(chain: string, head: ChainHead | null, events: ReadonlyArray<UnchainedEvent>): AuditEventDocument[] {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return events.map((event) => {
    seq += 1;
    const unhashed: UnhashedEvent = { ...event, chain, seq, prevHash };
    const document: AuditEventDocument = { ...unhashed, hash: eventHash(unhashed) };
    prevHash = document.hash;
    return document;
  });
}
