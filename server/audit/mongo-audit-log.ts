/**
 * Appends this writer's audit events to its own hash chain (audit-chain.ts) in MongoDB and mirrors
 * each stored event to the structured log. One writer per process: no other process appends to
 * its chain, so the head is known here and an append never loses a race (docs/SCALING.md).
 *
 * Writes are queued and stored in groups — all events waiting when the previous group finished go
 * in one ordered insertMany — so the chain costs no extra round trip per event under load. When a
 * write fails, what reached the database is read back (a write can succeed after its answer was
 * lost) and the rest is retried with a growing pause; when it still cannot be stored, `record`
 * rejects so the request that caused the event fails: no audit event exists only in a log line.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Collection } from 'mongodb';
import type { AuditChainDocument, AuditEventDocument } from '../db/collections.js';
import { chainAfter, type ChainHead, type UnchainedEvent } from './audit-chain.js';
import type { AuditEventInput, AuditLog } from './audit-log.js';

interface Pending {
  event: UnchainedEvent;
  settle: (error?: Error) => void;
}

/** What the metrics count (metrics/metrics.ts): events stored, retried writes, events given up. */
export interface AuditWriteCounters {
  stored(count: number): void;
  retried(): void;
  failed(count: number): void;
}

export interface AuditWriterOptions {
  /** How this writer is described in its chain's first event (default: host name and process id). */
  instance?: string;
  counters?: AuditWriteCounters;
  /** Tries per group before its events are given up and their requests fail (default 5). */
  attempts?: number;
  /** The pause before the first retry, doubled for each next one (default 50 ms). */
  retryDelayMs?: number;
  /** No new try starts later than this after a group's first (default 1000 ms). */
  retryWithinMs?: number;
}

export interface AuditWriter extends AuditLog {
  /** This writer's chain, unique per process start. */
  readonly chain: string;
  /** The last event stored, or null before the first. */
  head(): ChainHead | null;
  /** Records the stored head in `audit_chains` for the next checkpoint, when it moved. */
  publishHead(): Promise<void>;
  /** Resolves when every event recorded so far is stored or given up. */
  flush(): Promise<void>;
}

export interface AuditCollections {
  auditEvents: Collection<AuditEventDocument>;
  auditChains: Collection<AuditChainDocument>;
}

const noCounts: AuditWriteCounters = { stored: () => undefined, retried: () => undefined, failed: () => undefined };

export function newChainName(now = new Date()): string {
  return `${now.getTime().toString(36)}-${randomBytes(6).toString('hex')}`;
}

export function createMongoAuditLog(collections: AuditCollections, log: Logger, options: AuditWriterOptions = {}): AuditWriter {
  const { auditEvents, auditChains } = collections;
  const startedAt = new Date();
  const chain = newChainName(startedAt);
  const instance = options.instance ?? `${hostname()} pid ${process.pid}`;
  const counters = options.counters ?? noCounts;
  const attempts = options.attempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 50;
  const retryWithinMs = options.retryWithinMs ?? 1_000;
  let head: ChainHead | null = null; // the last event known stored
  let unsure = false; // a write failed: what it stored is read back before the next
  let published = 0;
  let registered = false;
  let queue: Pending[] = [];
  let draining: Promise<void> | null = null;

  /** Recorded before the first event: the chain's writer, so a missing chain is missed by name. */
  async function register(): Promise<void> {
    if (registered) return;
    await auditChains.updateOne({ _id: chain }, { $setOnInsert: { startedAt, instance, head: null, dirty: true } }, { upsert: true });
    registered = true;
  }

  /**
   * After a failed write, before the next: what of this chain reached the database anyway (a write
   * can succeed after its answer was lost). Only this writer appends to the chain, so its stored end
   * is the head — events of a group already given up included (their requests failed, but they are
   * in the trail, which then says more, never less). Returns how many of `attempted` are stored.
   */
  async function resync(attempted: AuditEventDocument[]): Promise<number> {
    const stored = await auditEvents.find({ chain, seq: { $gt: head?.seq ?? 0 } }).sort({ seq: 1 }).toArray();
    const last = stored.at(-1);
    if (last) head = { seq: last.seq, hash: last.hash };
    unsure = false;
    const hashes = new Set(stored.map((document) => document.hash));
    let count = 0;
    while (count < attempted.length && hashes.has(attempted[count]!.hash)) count += 1;
    return count;
  }

  function stored(documents: AuditEventDocument[], group: Pending[]): void {
    for (const document of documents) log.info({ audit: document }, `audit ${document.action} ${document.outcome}`);
    for (const pending of group) pending.settle();
    counters.stored(documents.length);
  }

  async function writeGroup(group: Pending[]): Promise<void> {
    let remaining = group;
    let attempted: AuditEventDocument[] = [];
    let lastError: unknown;
    // A write that fails fast (a reset connection, a cleared pool) is tried again within this
    // budget; one that timed out (the database is away) is not: the request fails within the
    // driver's own timeout, not several of them.
    const deadline = Date.now() + retryWithinMs;
    for (let attempt = 1; attempt <= attempts && remaining.length > 0; attempt += 1) {
      if (attempt > 1) {
        if (Date.now() >= deadline) break;
        counters.retried();
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 2)));
      }
      try {
        if (unsure) {
          const done = await resync(attempted);
          stored(attempted.slice(0, done), remaining.slice(0, done));
          remaining = remaining.slice(done);
          if (remaining.length === 0) return;
        }
        await register();
        attempted = chainAfter(chain, head, remaining.map((pending) => pending.event));
        await auditEvents.insertMany(attempted, { ordered: true });
        head = { seq: attempted.at(-1)!.seq, hash: attempted.at(-1)!.hash };
        stored(attempted, remaining);
        return;
      } catch (error) {
        lastError = error;
        unsure = true; // some of `attempted` may be stored: read back before writing again
      }
    }
    counters.failed(remaining.length);
    // The driver's own error when there is one, so an outage answers 503 like any other (db/database-outage.ts).
    const failure = lastError instanceof Error ? lastError : new Error(`audit events could not be stored after ${attempts} attempts`);
    for (const pending of remaining) {
      log.error({ err: lastError, audit: pending.event }, 'audit event could not be stored: its request fails');
      pending.settle(failure);
    }
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      await writeGroup(group);
    }
    draining = null;
  }

  function enqueue(event: UnchainedEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      queue.push({ event, settle: (error) => (error ? reject(error) : resolve()) });
      draining ??= drain();
    });
  }

  return {
    chain,
    head: () => head,
    record(input: AuditEventInput) {
      const { user, ...rest } = input;
      // The chain's first event names its writer; it is stored with (before) the first real one.
      const start = head === null && queue.length === 0 && draining === null ? enqueue({ action: 'audit.chain_start', outcome: 'success', actor: instance, at: startedAt }) : null;
      const recorded = enqueue({ ...rest, at: new Date(), ...(user ? { userIss: user.iss, userSub: user.sub } : {}) });
      // The start event shares the fate of the group it is in; a failure shows on `recorded`.
      start?.catch(() => undefined);
      return recorded;
    },
    async publishHead() {
      const stored = head;
      if (!stored || stored.seq === published) return;
      await auditChains.updateOne({ _id: chain }, { $set: { head: stored, dirty: true } });
      published = stored.seq;
    },
    async flush() {
      while (draining) await draining;
    },
  };
}
