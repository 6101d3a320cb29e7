/**
 * Audit writers for tests of the trail: each on a MongoClient of its own (own connections, own
 * chain), as separate service processes would be, on one test database.
 */
import { Writable } from 'node:stream';
import { MongoClient } from 'mongodb';
import { afterAll, beforeEach } from 'vitest';
import { collectionsOf, ensureAuditChainIndex, type Collections } from '../../server/db/collections.js';
import { createLogger } from '../../server/logger.js';
import { createMongoAuditLog, type AuditWriteCounters, type AuditWriter } from '../../server/audit/mongo-audit-log.js';
import { testDatabase } from './test-database.js';

export const quietLog = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

export interface CountedWrites extends AuditWriteCounters {
  counts: { stored: number; retried: number; failed: number };
}

export function countedWrites(): CountedWrites {
  const counts = { stored: 0, retried: 0, failed: 0 };
  return { counts, stored: (n) => (counts.stored += n), retried: () => (counts.retried += 1), failed: (n) => (counts.failed += n) };
}

export function auditWriters(uri: string, dbName: string) {
  const clients: MongoClient[] = [];
  return {
    async writer(options: { counters?: AuditWriteCounters; attempts?: number; retryDelayMs?: number; retryWithinMs?: number; uri?: string } = {}): Promise<AuditWriter & { collections: Collections }> {
      const client = await MongoClient.connect(options.uri ?? uri, { serverSelectionTimeoutMS: 1_000 });
      clients.push(client);
      const collections = collectionsOf(client.db(dbName));
      const { uri: _uri, ...writerOptions } = options;
      return Object.assign(createMongoAuditLog(collections, quietLog, writerOptions), { collections });
    },
    close: () => Promise.all(clients.map((client) => client.close())),
  };
}

/** For a test file: a fresh database with the chain index, its trail emptied before each test. */
export async function auditTrailDatabase() {
  const database = await testDatabase();
  const writers = auditWriters(database.uri, database.dbName);
  const db = database.client.db(database.dbName);
  const collections = collectionsOf(db);
  await ensureAuditChainIndex(collections.auditEvents);
  afterAll(async () => {
    await writers.close();
    await database.cleanup();
  });
  beforeEach(async () => {
    await collections.auditEvents.deleteMany({});
    await collections.auditChains.deleteMany({});
  });
  return { uri: database.uri, db, ...collections, writer: writers.writer };
}
