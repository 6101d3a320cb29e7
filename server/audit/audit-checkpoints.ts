/**
 * Checkpoints bind the heads of every writer's chain into one record (docs/SCALING.md "The audit
 * trail"). Each process, on a timer, publishes its own head to `audit_chains` and then tries to
 * write a checkpoint: an `audit.checkpoint` event in the shared CHECKPOINT_CHAIN naming the head of
 * every chain that moved since the last checkpoint. The checkpoints are a hash chain themselves,
 * so the latest one commits to every head ever checkpointed: a chain removed or rewritten as a
 * whole no longer matches what a checkpoint says of it. Each checkpoint's hash also goes to the
 * log, a copy outside the database to compare the latest one with.
 *
 * Two processes may try at the same moment; the unique index lets one win and the other simply
 * skips (the winner read every published head, its own too). Checkpoints are rare — one per
 * interval across the deployment — so this race costs nothing an audited request waits for.
 */
import type { Logger } from 'pino';
import { isDuplicateKeyError } from '../db/duplicate-key.js';
import type { AuditChainHead } from '../db/collections.js';
import { CHECKPOINT_CHAIN, chainAfter } from './audit-chain.js';
import type { AuditCollections, AuditWriter } from './mongo-audit-log.js';

export interface CheckpointResult {
  seq: number;
  hash: string;
  heads: AuditChainHead[];
}

/**
 * Writes one checkpoint of every published head not yet bound. Null when none moved, when another
 * process won the race, or when the latest checkpoint is younger than `notWithinMs` (so N processes
 * on one interval write about one checkpoint per interval between them, not N).
 */
export async function writeCheckpoint(collections: AuditCollections, log: Logger, options: { notWithinMs?: number } = {}): Promise<CheckpointResult | null> {
  const { auditEvents, auditChains } = collections;
  const moved = await auditChains.find({ dirty: true }).toArray();
  const heads = moved.flatMap((chain) => (chain.head ? [{ chain: chain._id, seq: chain.head.seq, hash: chain.head.hash }] : [])).sort((a, b) => a.chain.localeCompare(b.chain));
  if (heads.length === 0) return null;
  const [last] = await auditEvents.find({ chain: CHECKPOINT_CHAIN }).sort({ seq: -1 }).limit(1).toArray();
  if (last && options.notWithinMs && Date.now() - last.at.getTime() < options.notWithinMs) return null;
  const [checkpoint] = chainAfter(CHECKPOINT_CHAIN, last ? { seq: last.seq, hash: last.hash } : null, [{ action: 'audit.checkpoint', outcome: 'success', at: new Date(), checkpoint: heads }]);
  try {
    await auditEvents.insertOne(checkpoint!);
  } catch (error) {
    if (isDuplicateKeyError(error)) return null; // another process checkpointed just now
    throw error;
  }
  // Only where the head is still the one bound: a head published meanwhile waits for the next one.
  await Promise.all(heads.map((head) => auditChains.updateOne({ _id: head.chain, 'head.seq': head.seq }, { $set: { dirty: false } })));
  log.info({ auditCheckpoint: { seq: checkpoint!.seq, hash: checkpoint!.hash, chains: heads.length } }, `audit checkpoint ${checkpoint!.seq}`);
  return { seq: checkpoint!.seq, hash: checkpoint!.hash, heads };
}

/** Publishes the writer's head and checkpoints on a timer; `stop` does both once more after the last event. */
export function startAuditCheckpoints(options: { writer: AuditWriter; collections: AuditCollections; log: Logger; intervalMs: number }) {
  const { writer, collections, log } = options;
  let running: Promise<unknown> = Promise.resolve();
  async function tick(final = false): Promise<void> {
    try {
      await writer.publishHead();
      // A little under the interval, so timers that drift apart still leave one checkpoint per interval.
      await writeCheckpoint(collections, log, final ? {} : { notWithinMs: options.intervalMs * 0.8 });
    } catch (error) {
      // Nothing is lost: the head stays dirty and the next tick binds it.
      log.warn({ err: error }, 'audit checkpoint failed; retried at the next interval');
    }
  }
  const timer = setInterval(() => {
    running = running.then(() => tick());
  }, options.intervalMs);
  timer.unref();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
      await writer.flush();
      // Processes stopping together race for the checkpoint; a loser whose head the winner missed
      // tries again until a checkpoint has bound its head.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        await tick(true);
        if (!(await collections.auditChains.findOne({ _id: writer.chain, dirty: true }))) return;
      }
    },
  };
}
