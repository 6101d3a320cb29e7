import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { inject } from 'vitest';

/** A fresh, uniquely named database on the run's server; `cleanup` empties what the test wrote. */
export async function testDatabase(): Promise<{ uri: string; dbName: string; client: MongoClient; cleanup(): Promise<void> }> {
  const uri = inject('mongodbUri');
  const dbName = `test_${randomBytes(6).toString('hex')}`;
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5_000 });
  return {
    uri,
    dbName,
    client,
    async cleanup() {
      // The embedded engine has no dropDatabase/listCollections (docs/architecture.md section 5): empty what we know.
      const db = client.db(dbName);
      for (const name of ['oauth_clients', 'pending_authorizations', 'connections', 'audit_events', 'rate_limits']) {
        await db.collection(name).deleteMany({}).catch(() => undefined);
      }
      await client.close();
    },
  };
}
