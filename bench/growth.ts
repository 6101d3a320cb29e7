/**
 * Growth: `connection.status` latency with 100 and with 10,000 stored connections, beside a raw
 * driver findOne on the same documents (to show what the database itself does). Two forked service
 * processes, one per database; rounds alternate small/large so both see the same machine noise.
 * Requests are sequential on one keep-alive connection, timed with performance.now(), and rotate
 * over 20 users spread evenly through the collection (first to last inserted), since an engine that
 * scanned would find early documents sooner.
 */
import { MongoClient, type Collection } from 'mongodb';
import { loadConfig } from '../server/config.js';
import type { ConnectionDocument } from '../server/db/collections.js';
import { BENCH_ISSUER, BENCH_ORIGIN, benchToken, log, ms, newSecrets, ratio, seedConnections, serviceEnv, subjectOf, summarize, table, type Section } from './lib/common.js';
import { forkService, type ForkedService } from './lib/fork-service.js';
import { sequentialLatencies } from './lib/load.js';

const TARGET_RATIO = 1.2;
const SIZES = [100, 10_000] as const;
const USERS = 20;

export async function growth(options: { mongodbUri: string; requestsPerRound?: number; rounds?: number }): Promise<Section> {
  const perRound = options.requestsPerRound ?? 400;
  const rounds = options.rounds ?? 5;
  const secrets = newSecrets();
  const client = new MongoClient(options.mongodbUri);
  await client.connect();
  const services: ForkedService[] = [];
  const stamp = Date.now();
  try {
    const sizes: Array<{
      size: number;
      service: ForkedService;
      collection: Collection<ConnectionDocument>;
      subjects: string[];
      tokens: string[];
      seedMs: number;
      times: number[];
      raw: number[];
      byId: number[];
      ids: ConnectionDocument['_id'][];
      count: number;
    }> = [];
    for (const size of SIZES) {
      const dbName = `bench_growth_${size}_${stamp}`;
      const env = serviceEnv({ secrets, dbName });
      const config = await loadConfig(env);
      const collection = client.db(dbName).collection<ConnectionDocument>('connections');
      log(`growth: seeding ${size} connections (insertMany, batches of 1000)`);
      const seeded = performance.now();
      await seedConnections(collection, config.keyRing, size);
      const seedMs = performance.now() - seeded;
      const service = await forkService({ mongodbUri: options.mongodbUri, env });
      services.push(service);
      const subjects = Array.from({ length: USERS }, (_, k) => subjectOf(Math.round((k * (size - 1)) / (USERS - 1))));
      const tokens = await Promise.all(subjects.map((subject) => benchToken(secrets, subject)));
      const ids = await Promise.all(subjects.map(async (userSub) => (await collection.findOne({ userIss: BENCH_ISSUER, userSub }))!._id));
      sizes.push({ size, service, collection, subjects, tokens, seedMs, times: [], raw: [], byId: [], ids, count: await collection.countDocuments() });
    }

    const run = async (entry: (typeof sizes)[number], count: number) => {
      let k = 0;
      const times = await sequentialLatencies(count, () => {
        const token = entry.tokens[k++ % USERS]!;
        return { url: `${entry.service.serviceUrl}/trpc/connection.status`, headers: { authorization: `Bearer ${token}`, origin: BENCH_ORIGIN } };
      });
      const raw: number[] = [];
      for (let i = 0; i < count; i += 1) {
        const started = performance.now();
        const doc = await entry.collection.findOne({ userIss: BENCH_ISSUER, userSub: entry.subjects[i % USERS]! });
        raw.push(performance.now() - started);
        if (!doc) throw new Error('seeded user not found');
      }
      // The same documents by primary key: every MongoDB server answers this from the _id index, so
      // if it grows too, the engine's per-operation cost grows with the collection, whatever the query.
      const byId: number[] = [];
      for (let i = 0; i < count; i += 1) {
        const started = performance.now();
        const doc = await entry.collection.findOne({ _id: entry.ids[i % USERS]! });
        byId.push(performance.now() - started);
        if (!doc) throw new Error('seeded document not found by _id');
      }
      return { times, raw, byId };
    };

    log('growth: warming up');
    for (const entry of sizes) await run(entry, 200);
    for (let round = 0; round < rounds; round += 1) {
      log(`growth: round ${round + 1}/${rounds}`);
      const order = round % 2 === 0 ? sizes : [...sizes].reverse();
      for (const entry of order) {
        const { times, raw, byId } = await run(entry, perRound);
        entry.times.push(...times);
        entry.raw.push(...raw);
        entry.byId.push(...byId);
      }
    }

    const summarized = sizes.map((entry) => ({ ...entry, svc: summarize(entry.times), db: summarize(entry.raw), id: summarize(entry.byId) }));
    type Row = (typeof summarized)[number];
    const [small, large] = summarized as [Row, Row];
    const row = (e: Row) => [e.count.toLocaleString('en'), ms(e.svc.median, 3), ms(e.svc.p95, 3), ms(e.svc.p99, 3), ms(e.db.median, 3), ms(e.db.p95, 3), ms(e.db.p99, 3), ms(e.id.median, 3), `${(e.seedMs / 1000).toFixed(1)} s`];
    const svcRatio = large.svc.median / small.svc.median;
    const dbRatio = large.db.median / small.db.median;
    const idRatio = large.id.median / small.id.median;
    const body = [
      `${rounds} rounds × ${perRound} sequential requests per size (after 200 warm-up each), sizes alternating; status over HTTP to the forked service, ` +
        `and from the benchmark process a raw driver findOne on the same filter and one on the same documents' _id. Seeding uses insertMany in batches of 1,000 (the embedded engine's single ` +
        `inserts slow down as a collection grows).`,
      '',
      table(['stored connections', 'status median', 'p95', 'p99', 'raw findOne median', 'p95', 'p99', 'raw findOne by _id median', 'seed time'], [row(small), row(large)]),
      `| **ratio 10,000 / 100** | **${ratio(svcRatio)}** | ${ratio(large.svc.p95 / small.svc.p95)} | ${ratio(large.svc.p99 / small.svc.p99)} | **${ratio(dbRatio)}** | ${ratio(large.db.p95 / small.db.p95)} | ${ratio(large.db.p99 / small.db.p99)} | **${ratio(idRatio)}** | |`,
      '',
      `Status latency minus the raw read (what the service adds, median): ${ms(small.svc.median - small.db.median, 3)} at 100, ${ms(large.svc.median - large.db.median, 3)} at 10,000.`,
    ].join('\n');
    return {
      title: 'Growth: status latency with 100 and 10,000 stored connections',
      body,
      targets: [
        {
          name: 'Growth (status median, 10,000 vs 100)',
          target: `≤ ${TARGET_RATIO}×`,
          measured: `${ratio(svcRatio)} (${ms(small.svc.median, 3)} → ${ms(large.svc.median, 3)}); raw findOne ${ratio(dbRatio)}, by _id ${ratio(idRatio)}`,
          met: svcRatio <= TARGET_RATIO,
        },
      ],
    };
  } finally {
    for (const service of services) await service.stop();
    await client.close();
  }
}
