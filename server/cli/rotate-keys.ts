/**
 * Key rotation, step 3 of 4 (README "Rotating the token encryption key"): re-encrypts every stored
 * secret with the active key. Run with the service's own environment:
 *
 *   npm run keys:reencrypt          re-encrypt, then report what is left (exit 1 if anything is)
 *   npm run keys:check              report only: exit 0 when no value needs a key other than the active one
 *
 * MONGODB_URI must name the service's database; this command never starts a local one.
 */
import { loadConfigOrExplain } from '../config.js';
import { collectionsOf } from '../db/collections.js';
import { createLogger } from '../logger.js';
import { connectServiceDatabase } from './cli-database.js';
import { countStale, reencryptAll, type CollectionReport } from './reencrypt.js';

function describeRemaining(remaining: Record<string, number>): string {
  const entries = Object.entries(remaining);
  if (entries.length === 0) return 'Nothing is sealed with another key: keys other than the active one can be removed from TOKEN_ENCRYPTION_KEYS.';
  return `Still sealed with other keys: ${entries.map(([kid, count]) => `${kid}: ${count}`).join(', ')}. Keep those keys, make sure every instance runs with the new active key, and run this again.`;
}

const line = (name: string, report: CollectionReport) => `${name}: ${report.scanned} scanned, ${report.reencrypted} re-encrypted, ${report.failed} could not be opened`;

async function main(argv: string[]): Promise<number> {
  const checkOnly = argv.includes('--check');
  const config = await loadConfigOrExplain();
  if (!config) return 2;
  const mongo = await connectServiceDatabase(config, 'healthex-connect-keys');
  if (!mongo) return 2;
  const log = createLogger(config.logLevel === 'silent' ? 'silent' : 'warn');
  try {
    const collections = collectionsOf(mongo.db(config.mongodb.dbName));
    console.log(`Active key: ${config.keyRing.activeKid}`);
    if (checkOnly) {
      const remaining = await countStale(collections, config.keyRing);
      console.log(describeRemaining(remaining));
      return Object.keys(remaining).length === 0 ? 0 : 1;
    }
    const report = await reencryptAll({ collections, keyRing: config.keyRing, log });
    console.log(line('connections', report.connections));
    console.log(line('pending authorizations', report.pendingAuthorizations));
    console.log(describeRemaining(report.remaining));
    const failed = report.connections.failed + report.pendingAuthorizations.failed;
    return failed === 0 && Object.keys(report.remaining).length === 0 ? 0 : 1;
  } finally {
    await mongo.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
