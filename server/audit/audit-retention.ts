/**
 * Audit retention (SECURITY.md, HIPAA): events older than the retention period (AUDIT_RETENTION_DAYS,
 * default 2192 days = six years) are removed oldest first, and only as a prefix of the chain, so what
 * remains is still one unbroken chain. Before removing anything, an `audit.retention` event is
 * appended to the chain naming the last removed event and its hash: the verifier then starts the
 * chain there, and removing more than that record says is itself reported.
 *
 * Not a TTL index: a TTL deletion would remove links silently (and the embedded engine never
 * deletes). Run it on a schedule (`npm run audit:prune`, e.g. daily); from several processes at once
 * it is safe — each removes only what its own retention event vouches for.
 */
import type { Collection } from 'mongodb';
import type { AuditEventDocument } from '../db/collections.js';
import type { AuditLog } from './audit-log.js';

export const DEFAULT_AUDIT_RETENTION_DAYS = 2192;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PruneResult {
  removed: number;
  throughSeq: number | null;
}

export async function pruneAuditEvents(options: { collection: Collection<AuditEventDocument>; audit: AuditLog; retentionDays: number; now?: Date }): Promise<PruneResult> {
  const { collection } = options;
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.retentionDays * DAY_MS);
  // The newest event of the chain's old prefix: every event up to it is older than the cutoff.
  const [firstKept] = await collection.find({ _id: { $gte: 1 }, at: { $gte: cutoff } }).sort({ _id: 1 }).limit(1).toArray();
  const [lastOld] = await collection
    .find({ _id: firstKept ? { $gte: 1, $lt: firstKept._id } : { $gte: 1 } })
    .sort({ _id: -1 })
    .limit(1)
    .toArray();
  if (!lastOld || lastOld.at >= cutoff) return { removed: 0, throughSeq: null };
  await options.audit.record({ action: 'audit.retention', outcome: 'success', reason: `older_than_${options.retentionDays}_days`, retention: { throughSeq: lastOld._id, throughHash: lastOld.hash } });
  // record() never throws (an audit failure must not fail a request): check the record is stored
  // before removing what it vouches for.
  if (!(await collection.findOne({ action: 'audit.retention', 'retention.throughSeq': lastOld._id }))) throw new Error('the retention event could not be stored; nothing was removed');
  const { deletedCount } = await collection.deleteMany({ _id: { $lte: lastOld._id } });
  return { removed: deletedCount, throughSeq: lastOld._id };
}
