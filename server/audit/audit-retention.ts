/**
 * Audit retention (SECURITY.md, HIPAA): events older than the retention period (AUDIT_RETENTION_DAYS,
 * default 2192 days = six years) are removed oldest first, and only as a prefix of each chain, so what
 * remains of every chain is still unbroken. Before removing anything, one `audit.retention` event is
 * stored naming, for every chain with removed events (this run's and every earlier run's), the last
 * removed event and its hash: the verifier starts each chain there, accepts that gap and no other,
 * and reports removal beyond the record. Because each record carries the earlier ones forward, a
 * later run may remove an older record (it is an old event too) without losing what it vouched for.
 *
 * Not a TTL index: a TTL deletion would remove links silently (and the embedded engine never
 * deletes). Run it on a schedule (`npm run audit:prune`, e.g. daily).
 */
import type { Collection } from 'mongodb';
import type { AuditEventDocument } from '../db/collections.js';
import type { AuditLog, RetentionRange } from './audit-log.js';

export const DEFAULT_AUDIT_RETENTION_DAYS = 2192;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PruneResult {
  removed: number;
  /** The chains this run removed events from, and how far. */
  ranges: RetentionRange[];
}

/** The newest event of the chain's prefix older than the cutoff, or null. */
async function lastOldEvent(collection: Collection<AuditEventDocument>, chain: string, cutoff: Date): Promise<AuditEventDocument | null> {
  const [firstKept] = await collection.find({ chain, at: { $gte: cutoff } }).sort({ seq: 1 }).limit(1).toArray();
  const [lastOld] = await collection.find(firstKept ? { chain, seq: { $lt: firstKept.seq } } : { chain }).sort({ seq: -1 }).limit(1).toArray();
  return lastOld && lastOld.at < cutoff ? lastOld : null;
}

export async function pruneAuditEvents(options: { collection: Collection<AuditEventDocument>; audit: AuditLog; retentionDays: number; now?: Date }): Promise<PruneResult> {
  const { collection } = options;
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.retentionDays * DAY_MS);
  const earlier = new Map<string, RetentionRange>();
  for await (const record of collection.find({ action: 'audit.retention' })) {
    if (!Array.isArray(record.retention)) continue; // the legacy form names no chain
    for (const range of record.retention) if ((earlier.get(range.chain)?.throughSeq ?? 0) < range.throughSeq) earlier.set(range.chain, range);
  }
  const ranges: RetentionRange[] = [];
  for (const chain of (await collection.distinct('chain')) as string[]) {
    const lastOld = await lastOldEvent(collection, chain, cutoff);
    if (lastOld) ranges.push({ chain, throughSeq: lastOld.seq, throughHash: lastOld.hash });
  }
  if (ranges.length === 0) return { removed: 0, ranges };
  const all = new Map(earlier);
  for (const range of ranges) all.set(range.chain, range);
  // record() resolves only once the event is stored (it rejects otherwise): nothing is removed
  // that the trail does not vouch for.
  const retention = [...all.values()].sort((a, b) => a.chain.localeCompare(b.chain));
  await options.audit.record({ action: 'audit.retention', outcome: 'success', reason: `older_than_${options.retentionDays}_days`, retention });
  let removed = 0;
  for (const range of ranges) removed += (await collection.deleteMany({ chain: range.chain, seq: { $lte: range.throughSeq } })).deletedCount;
  return { removed, ranges };
}
