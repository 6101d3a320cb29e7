/**
 * Memory: the connect service's resident set (VmRSS from /proc, the forked process alone) idle after
 * start-up, after 10,000 status requests, after a forced GC, and after another 10,000 (a leak would
 * keep growing). Load: autocannon, 50 connections, one connected user among 100 stored.
 */
import { MongoClient } from 'mongodb';
import { loadConfig } from '../server/config.js';
import type { ConnectionDocument } from '../server/db/collections.js';
import { BENCH_ORIGIN, benchToken, log, mib, newSecrets, rssOf, seedConnections, serviceEnv, subjectOf, table, type Section } from './lib/common.js';
import { forkService } from './lib/fork-service.js';
import { load } from './lib/load.js';

export async function memory(options: { mongodbUri: string; requests?: number }): Promise<Section> {
  const requests = options.requests ?? 10_000;
  const secrets = newSecrets();
  const dbName = `bench_memory_${Date.now()}`;
  const env = serviceEnv({ secrets, dbName });
  const config = await loadConfig(env);
  const client = new MongoClient(options.mongodbUri);
  await client.connect();
  await seedConnections(client.db(dbName).collection<ConnectionDocument>('connections'), config.keyRing, 100);
  const service = await forkService({ mongodbUri: options.mongodbUri, env });
  try {
    const token = await benchToken(secrets, subjectOf(42));
    const target = { url: `${service.serviceUrl}/trpc/connection.status`, headers: { authorization: `Bearer ${token}`, origin: BENCH_ORIGIN } };
    const snapshot = async (label: string, gc = false) => {
      const usage = await service.memory(gc);
      return { label, rss: await rssOf(service.pid), heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external + usage.arrayBuffers };
    };
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const rows = [await snapshot('idle (2 s after start-up)')];
    log(`memory: ${requests} status requests`);
    let result = await load({ ...target, connections: 50, amount: requests });
    rows.push(await snapshot(`after ${requests.toLocaleString('en')} status requests (${result.non2xx + result.errors} failed)`));
    rows.push(await snapshot('  then after a forced GC', true));
    result = await load({ ...target, connections: 50, amount: requests });
    rows.push(await snapshot(`after ${(2 * requests).toLocaleString('en')} requests, forced GC`, true));
    const [idle, after, , twice] = rows as [(typeof rows)[number], (typeof rows)[number], (typeof rows)[number], (typeof rows)[number]];
    const body = [
      table(['connect service process', 'RSS', 'V8 heap used', 'V8 heap total', 'external + array buffers'], rows.map((r) => [r.label, mib(r.rss), mib(r.heapUsed), mib(r.heapTotal), mib(r.external)])),
      '',
      `RSS grows ${mib(after.rss - idle.rss)} over the first ${requests.toLocaleString('en')} requests (garbage not yet collected, code compiled, up to 50 pooled MongoDB connections for 50 concurrent requests; V8 keeps heap pages it has grown); ` +
        `after a second ${requests.toLocaleString('en')} and a GC the heap is ${mib(twice.heapUsed)} (vs ${mib(rows[2]!.heapUsed)} after the first), so ${twice.heapUsed - rows[2]!.heapUsed > 5 * 1024 * 1024 ? '**the heap keeps growing — look for a leak**' : 'no sign of a leak'}. ` +
        `The process runs TypeScript through tsx's loader, as \`npm start\` does.`,
    ].join('\n');
    return {
      title: 'Memory: resident set of the connect service',
      body,
      targets: [{ name: 'Memory (RSS idle → after 10,000 status requests)', target: 'report', measured: `${mib(idle.rss)} → ${mib(after.rss)}`, met: true }],
    };
  } finally {
    await service.stop();
    await client.db(dbName).collection('connections').deleteMany({});
    await client.close();
  }
}
