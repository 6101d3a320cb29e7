/**
 * Checks the whole audit trail (audit-chain.ts): every writer's chain link by link, the checkpoint
 * chain, and every chain against what the checkpoints say of it. Reports each problem found (up to
 * MAX_PROBLEMS), the first as `broken`:
 * - `changed`: an event's fields no longer hash to its stored `hash`;
 * - `relinked`: an event's `prevHash` is not the previous event's `hash` (replaced, reordered, or
 *   inserted with a recomputed hash);
 * - `duplicate` / `fork`: two stored events with one number in one chain, the same event twice or two
 *   different ones — found by reading, not by trusting the unique index;
 * - `missing`: numbers absent from a chain that no retention record covers (retention removes only a
 *   chain's oldest events, and names them: a gap anywhere else is never accepted);
 * - `pruned_beyond_record`: a chain's oldest events are gone further than the retention record says;
 * - `chain_missing`: a chain a checkpoint or the chain registry names has no events left, unpruned;
 * - `behind_checkpoint`: a chain ends before the head a checkpoint bound (its newest events removed);
 * - `rewritten`: the event at a checkpointed head does not have the hash the checkpoint recorded
 *   (the chain was rewritten from there, every hash recomputed);
 * - `unchained`: documents in the collection that belong to no chain (written around the service).
 *
 * What no stored record can show: events appended after the latest checkpoint and then removed, or
 * the latest checkpoints removed themselves. The report's `checkpoint` is the head of the checkpoint
 * chain; compare it with the one in the log (every checkpoint is logged) or one kept elsewhere.
 */
import type { Collection } from 'mongodb';
import type { AuditChainDocument, AuditEventDocument } from '../db/collections.js';
import { CHECKPOINT_CHAIN, GENESIS_HASH, hashOfStored, type ChainHead } from './audit-chain.js';
import type { RetentionRange } from './audit-log.js';
import { LEGACY_CHAIN, verifyLegacyChain, type LegacyEvent } from './verify-legacy-chain.js';

export type Problem = 'changed' | 'relinked' | 'duplicate' | 'fork' | 'missing' | 'pruned_beyond_record' | 'chain_missing' | 'behind_checkpoint' | 'rewritten' | 'unchained';
export interface BrokenLink {
  chain: string;
  seq: number;
  problem: Problem;
  detail: string;
}

export interface ChainReport {
  ok: boolean;
  /** Events whose link was checked. */
  checked: number;
  /** Chains with events stored (the checkpoint chain included). */
  chains: number;
  /** The head of the checkpoint chain. */
  checkpoint: ChainHead | null;
  /** Chains with events newer than the latest checkpoint that names them (bound by the next one). */
  unbound: number;
  broken: BrokenLink | null;
  problems: BrokenLink[];
}

const MAX_PROBLEMS = 50;

/** Per chain, the furthest removal any retention record vouches for (the latest carries all earlier ones). */
async function prunedRanges(events: Collection<AuditEventDocument>): Promise<Map<string, RetentionRange>> {
  const ranges = new Map<string, RetentionRange>();
  for await (const record of events.find({ action: 'audit.retention' })) {
    if (!Array.isArray(record.retention)) continue; // the legacy form: verify-legacy-chain.ts
    for (const range of record.retention) if ((ranges.get(range.chain)?.throughSeq ?? 0) < range.throughSeq) ranges.set(range.chain, range);
  }
  return ranges;
}

/** Per chain, the newest head a checkpoint bound. */
async function checkpointedHeads(events: Collection<AuditEventDocument>): Promise<Map<string, ChainHead>> {
  const heads = new Map<string, ChainHead>();
  for await (const checkpoint of events.find({ chain: CHECKPOINT_CHAIN })) {
    for (const head of checkpoint.checkpoint ?? []) if ((heads.get(head.chain)?.seq ?? 0) < head.seq) heads.set(head.chain, { seq: head.seq, hash: head.hash });
  }
  return heads;
}

export async function verifyAuditChain(events: Collection<AuditEventDocument>, registry?: Collection<AuditChainDocument>): Promise<ChainReport> {
  const pruned = await prunedRanges(events);
  const bound = await checkpointedHeads(events);
  const problems: BrokenLink[] = [];
  const found = (chain: string, seq: number, problem: Problem, detail: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ chain, seq, problem, detail });
  };
  const lastSeq = new Map<string, number>();
  let checked = 0;
  let checkpoint: ChainHead | null = null;

  let chain: string | null = null;
  let expectedSeq = 1;
  // The hashes the next event may chain to: one, or both branches after a fork.
  let expectedPrev = new Set([GENESIS_HASH]);
  let previous: AuditEventDocument | null = null;
  // In the order of the unique index (which is partial: only documents with a chain); two events
  // with one number come out next to each other in either order.
  for await (const event of events.find({ chain: { $exists: true } }).sort({ chain: 1, seq: 1 })) {
    if (event.chain !== chain) {
      chain = event.chain;
      const range = pruned.get(chain);
      expectedSeq = range ? range.throughSeq + 1 : 1;
      expectedPrev = new Set([range ? range.throughHash : GENESIS_HASH]);
      previous = null;
      if (event.seq > expectedSeq) {
        if (range) found(chain, expectedSeq, 'pruned_beyond_record', `retention removed ${chain} through ${range.throughSeq}, but it starts at ${event.seq}`);
        else found(chain, expectedSeq, 'missing', `${chain} starts at ${event.seq}; no retention record covers ${expectedSeq}–${event.seq - 1}`);
        expectedSeq = event.seq;
        expectedPrev = new Set([event.prevHash]);
      }
    }
    if (event.seq < expectedSeq && previous === null) continue; // removed by retention already; awaiting its delete
    const hash = hashOfStored(event);
    if (previous && event.seq === previous.seq) {
      const same = hash === event.hash && event.hash === previous.hash;
      found(chain, event.seq, same ? 'duplicate' : 'fork', same ? `event ${event.seq} of ${chain} is stored twice` : `two different events are stored as ${event.seq} of ${chain}`);
      expectedPrev.add(event.hash); // whichever branch the next event follows, the fork is reported once
      continue;
    }
    if (event.seq > expectedSeq) found(chain, expectedSeq, 'missing', `events ${expectedSeq}–${event.seq - 1} of ${chain} are missing, and no retention record covers them`);
    else if (hash !== event.hash) found(chain, event.seq, 'changed', `event ${event.seq} of ${chain} (${event.action}) does not match its hash: a field was changed`);
    else if (!expectedPrev.has(event.prevHash)) found(chain, event.seq, 'relinked', `event ${event.seq} of ${chain} does not chain to the event before it: events were replaced or reordered`);
    else checked += 1;
    const claim = bound.get(chain);
    if (claim && claim.seq === event.seq && claim.hash !== event.hash) found(chain, event.seq, 'rewritten', `event ${event.seq} of ${chain} is not the one a checkpoint bound: the chain was rewritten`);
    previous = event;
    expectedSeq = event.seq + 1;
    expectedPrev = new Set([event.hash]);
    lastSeq.set(chain, event.seq);
    if (chain === CHECKPOINT_CHAIN) checkpoint = { seq: event.seq, hash: event.hash };
  }

  // Events from before per-writer chains are checked as the one chain they were written as; any
  // other document without a chain was written around the service.
  // The same collection, read as the documents an earlier version wrote.
  const legacy = await verifyLegacyChain(events as unknown as Collection<LegacyEvent>);
  if (legacy.broken) found(LEGACY_CHAIN, legacy.broken.seq, 'changed', legacy.broken.detail);
  checked += legacy.checked;
  const unchained = (await events.countDocuments({ chain: { $exists: false } })) - legacy.checked;
  if (unchained > 0 && !legacy.broken) found('', 0, 'unchained', `${unchained} document(s) in the trail belong to no chain: written around the service`);

  const registered = registry ? await registry.find({ head: { $ne: null } }).toArray() : [];
  const named = new Map<string, number>([...registered.map((entry) => [entry._id, entry.head!.seq] as const), ...[...bound].map(([name, head]) => [name, head.seq] as const)]);
  let unbound = 0;
  for (const [name, seq] of lastSeq) if (name !== CHECKPOINT_CHAIN && seq > (bound.get(name)?.seq ?? 0)) unbound += 1;
  for (const [name, seq] of named) {
    const stored = lastSeq.get(name);
    const prunedThrough = pruned.get(name)?.throughSeq ?? 0;
    if (stored === undefined && seq > prunedThrough) found(name, prunedThrough + 1, 'chain_missing', `${name} is named by ${bound.has(name) ? 'a checkpoint' : 'the chain registry'} through event ${seq}, but none of its events is stored`);
    else if (stored !== undefined && stored < (bound.get(name)?.seq ?? 0)) found(name, stored + 1, 'behind_checkpoint', `${name} ends at ${stored}, but a checkpoint bound it through ${bound.get(name)!.seq}`);
  }
  return { ok: problems.length === 0, checked, chains: lastSeq.size, checkpoint, unbound, broken: problems[0] ?? null, problems };
}
