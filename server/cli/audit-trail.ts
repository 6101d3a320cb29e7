/**
 * The audit trail's hash chain, from the command line (SECURITY.md T35). Run with the service's
 * own environment:
 *
 *   node server/dist/cli/audit-trail.js verify   (dev: npm run audit:verify) check every link; print
 *       the first broken one (exit 1) or the head (exit 0)
 *   node server/dist/cli/audit-trail.js prune    (dev: npm run audit:prune) remove events older than
 *       AUDIT_RETENTION_DAYS (recorded in the chain), then verify
 *
 * MONGODB_URI must name the service's database; this command never starts a local one. Exit 2:
 * configuration or database problem.
 */
import { writeCheckpoint } from '../audit/audit-checkpoints.js';
import { pruneAuditEvents } from '../audit/audit-retention.js';
import { createMongoAuditLog } from '../audit/mongo-audit-log.js';
import { verifyAuditChain, type ChainReport } from '../audit/verify-audit-chain.js';
import { loadConfigOrExplain } from '../config.js';
import { collectionsOf } from '../db/collections.js';
import { createLogger } from '../logger.js';
import { connectServiceDatabase } from './cli-database.js';

export function describeReport(report: ChainReport): string {
  if (!report.ok) return [`BROKEN: ${report.problems.length} problem(s) found; ${report.checked} events check out.`, ...report.problems.map((p) => `  ${p.chain} event ${p.seq} (${p.problem}): ${p.detail}`)].join('\n');
  if (report.chains === 0) return 'The audit trail is empty.';
  const checkpoint = report.checkpoint ? `Latest checkpoint: ${report.checkpoint.seq}, hash ${report.checkpoint.hash} (compare with the log).` : 'No checkpoint yet.';
  return `OK: ${report.checked} events in ${report.chains} chains, chained without a break. ${checkpoint} ${report.unbound} chain(s) have events newer than their last checkpoint.`;
}

async function main(argv: string[]): Promise<number> {
  const mode = argv[0];
  if (mode !== 'verify' && mode !== 'prune') {
    console.error('usage: audit-trail verify|prune');
    return 2;
  }
  const config = await loadConfigOrExplain();
  if (!config) return 2;
  const mongo = await connectServiceDatabase(config, 'healthex-connect-audit');
  if (!mongo) return 2;
  try {
    const collections = collectionsOf(mongo.db(config.mongodb.dbName));
    if (mode === 'prune') {
      const log = createLogger(config.logLevel === 'silent' ? 'silent' : 'warn');
      // This run is a writer of its own: its retention record is the first event of a new chain.
      const writer = createMongoAuditLog(collections, log, { instance: 'audit-trail prune' });
      const pruned = await pruneAuditEvents({ collection: collections.auditEvents, audit: writer, retentionDays: config.audit.retentionDays });
      await writer.publishHead();
      await writeCheckpoint(collections, log);
      console.log(pruned.ranges.length === 0 ? `Nothing is older than ${config.audit.retentionDays} days.` : `Removed ${pruned.removed} events older than ${config.audit.retentionDays} days from ${pruned.ranges.length} chain(s).`);
    }
    const report = await verifyAuditChain(collections.auditEvents, collections.auditChains);
    console.log(describeReport(report));
    return report.ok ? 0 : 1;
  } finally {
    await mongo.close();
  }
}

// Run only as the entry point (tsx in development, node on the compiled build), not when a test imports it.
if (/audit-trail\.[jt]s$/.test(process.argv[1] ?? '')) process.exitCode = await main(process.argv.slice(2));
