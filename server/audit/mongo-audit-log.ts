import type { Logger } from 'pino';
import { MongoBulkWriteError, type Collection } from 'mongodb';
import type { AuditEventDocument } from '../db/collections.js';
import { isDuplicateKeyError } from '../db/duplicate-key.js';
import { chainAfter, type ChainHead } from './audit-chain.js';
import type { AuditEventInput, AuditLog } from './audit-log.js';

type Unchained = Omit<AuditEventDocument, '_id' | 'prevHash' | 'hash'>;
interface Pending {
  event: Unchained;
  done: () => void;
}

/** How often a write may lose the race for the next number to other processes before we give up on it. */
const MAX_RACES = 50;

/** The newest event of the chain, or null when it is empty. */
export async function readChainHead(collection: Collection<AuditEventDocument>): Promise<ChainHead | null> {
  // Numbers only: documents with other _ids (written by hand, or before the chain) are not links.
  const [last] = await collection.find({ _id: { $gte: 1 } }).sort({ _id: -1 }).limit(1).toArray();
  return last ? { seq: last._id, hash: last.hash } : null;
}

/** Another process wrote the number we chained at: a duplicate `_id`. */
function lostTheRace(error: unknown): boolean {
  // The embedded engine reports a failed insertMany with the code but no write errors.
  if (error instanceof MongoBulkWriteError && [error.writeErrors].flat().some((writeError) => writeError?.code === 11000)) return true;
  return isDuplicateKeyError(error);
}

/** How many of an ordered insertMany's documents were written before it failed. */
function insertedBefore(error: unknown): number {
  if (error instanceof MongoBulkWriteError) return error.insertedCount;
  return 0; // a single failed insert wrote nothing
}

/**
 * Appends audit events to MongoDB as links of the hash chain (audit-chain.ts) and mirrors each to
 * the structured log. Writes are queued in this process and stored in groups — all events waiting
 * when the previous group finished go in one ordered insertMany — so the chain costs no extra round
 * trip per event under load. The head is cached; when another process took the next number (a
 * duplicate `_id`), what this group managed to write stays, the head is re-read and the rest is
 * chained after it. A failed audit write is logged loudly but does not fail the user's request:
 * the log line still records the event.
 */
export function createMongoAuditLog(collection: Collection<AuditEventDocument>, log: Logger): AuditLog {
  let head: ChainHead | null | undefined; // undefined: unknown, read it before the next write
  let queue: Pending[] = [];
  let writing = false;

  async function writeGroup(group: Pending[]): Promise<void> {
    let remaining = group;
    for (let race = 0; remaining.length > 0 && race <= MAX_RACES; race += 1) {
      if (head === undefined) head = await readChainHead(collection);
      const documents = chainAfter(head, remaining.map((pending) => pending.event));
      try {
        await collection.insertMany(documents, { ordered: true });
        head = { seq: documents.at(-1)!._id, hash: documents.at(-1)!.hash };
        for (const document of documents) log.info({ audit: document }, `audit ${document.action} ${document.outcome}`);
        for (const pending of remaining) pending.done();
        return;
      } catch (error) {
        const written = insertedBefore(error);
        for (const document of documents.slice(0, written)) log.info({ audit: document }, `audit ${document.action} ${document.outcome}`);
        for (const pending of remaining.slice(0, written)) pending.done();
        remaining = remaining.slice(written);
        head = undefined;
        if (!lostTheRace(error)) throw error;
      }
    }
    if (remaining.length > 0) throw new Error(`lost the race for the next audit number ${MAX_RACES} times`);
  }

  async function drain(): Promise<void> {
    writing = true;
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      try {
        await writeGroup(group);
      } catch (error) {
        head = undefined;
        // Not stored: the log line is the record. Every event of the group waiting is released now,
        // so an outage answers each request after one failed write, not after a queue of them.
        for (const pending of group) {
          log.error({ err: error, audit: pending.event }, 'audit event could not be stored');
          pending.done();
        }
      }
    }
    writing = false;
  }

  return {
    record(input: AuditEventInput) {
      const { user, ...rest } = input;
      const event: Unchained = { ...rest, at: new Date(), ...(user ? { userIss: user.iss, userSub: user.sub } : {}) };
      return new Promise<void>((resolve) => {
        queue.push({ event, done: resolve });
        if (!writing) void drain();
      });
    },
  };
}
