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
import { pruneAuditEvents } from '../audit/audit-retention.js';
import { createMongoAuditLog } from '../audit/mongo-audit-log.js';
import { verifyAuditChain, type ChainReport } from '../audit/verify-audit-chain.js';
import { loadConfigOrExplain } from '../config.js';
import { collectionsOf } from '../db/collections.js';
import { createLogger } from '../logger.js';
import { connectServiceDatabase } from './cli-database.js';

export function describeReport(report: ChainReport): string {
  if (report.broken) return `BROKEN at event ${report.broken.seq} (${report.broken.problem}): ${report.broken.detail}. ${report.checked} events before it are intact.`;
  if (!report.head) return 'The audit trail is empty.';
  return `OK: ${report.checked} events, ${report.firstSeq}–${report.head.seq}, chained without a break. Head: event ${report.head.seq}, hash ${report.head.hash}.`;
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
    const { auditEvents } = collectionsOf(mongo.db(config.mongodb.dbName));
    if (mode === 'prune') {
      const log = createLogger(config.logLevel === 'silent' ? 'silent' : 'warn');
      const pruned = await pruneAuditEvents({ collection: auditEvents, audit: createMongoAuditLog(auditEvents, log), retentionDays: config.audit.retentionDays });
      console.log(pruned.throughSeq === null ? `Nothing is older than ${config.audit.retentionDays} days.` : `Removed ${pruned.removed} events older than ${config.audit.retentionDays} days (through event ${pruned.throughSeq}).`);
    }
    const report = await verifyAuditChain(auditEvents);
    console.log(describeReport(report));
    return report.ok ? 0 : 1;
  } finally {
    await mongo.close();
  }
}

// Run only as the entry point (tsx in development, node on the compiled build), not when a test imports it.
if (/audit-trail\.[jt]s$/.test(process.argv[1] ?? '')) process.exitCode = await main(process.argv.slice(2));
