/**
 * Service throughput: autocannon on loopback against the authenticated `connection.status` query,
 * beside a bare Koa route doing the same MongoDB read (no tRPC, no auth, no logging), both in one
 * forked process. Rounds alternate baseline/service so both see the same machine noise; the ratio is
 * of the summed requests per second. A second service process with LOG_LEVEL=silent shows what the
 * per-request info log line costs.
 */
import { MongoClient } from 'mongodb';
import { loadConfig } from '../server/config.js';
import type { ConnectionDocument } from '../server/db/collections.js';
import { BENCH_ORIGIN, benchToken, log, newSecrets, ratio, seedConnections, serviceEnv, subjectOf, table, type Section } from './lib/common.js';
import { forkService, type ForkedService } from './lib/fork-service.js';
import { load, type LoadResult } from './lib/load.js';

export interface ThroughputOptions {
  mongodbUri: string;
  seconds?: number;
  rounds?: number;
  cpuProfileDir?: string;
}

const TARGET_RATIO = 0.7;

export async function serviceThroughput(options: ThroughputOptions): Promise<Section> {
  const seconds = options.seconds ?? 5;
  const rounds = options.rounds ?? 2;
  const secrets = newSecrets();
  const dbName = `bench_throughput_${Date.now()}`;
  const env = serviceEnv({ secrets, dbName });
  const config = await loadConfig(env);
  const client = new MongoClient(options.mongodbUri);
  await client.connect();
  const db = client.db(dbName);
  const services: ForkedService[] = [];
  try {
    await seedConnections(db.collection<ConnectionDocument>('connections'), config.keyRing, 100);
    const info = await forkService({ mongodbUri: options.mongodbUri, env, ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}) });
    services.push(info);
    const silent = await forkService({ mongodbUri: options.mongodbUri, env: { ...env, LOG_LEVEL: 'silent' } });
    services.push(silent);

    const subject = subjectOf(42);
    const token = await benchToken(secrets, subject);
    const serviceTarget = (s: ForkedService) => ({
      url: `${s.serviceUrl}/trpc/connection.status`,
      headers: { authorization: `Bearer ${token}`, origin: BENCH_ORIGIN },
    });
    const baselineTarget = { url: `${info.baselineUrl}/status?sub=${subject}`, headers: {} };

    // Both answer the same thing before anything is timed.
    const answer = await (await fetch(serviceTarget(info).url, { headers: serviceTarget(info).headers })).json();
    const bare = await (await fetch(baselineTarget.url)).json();
    if ((answer as { result?: { data?: { state?: string } } }).result?.data?.state !== 'connected' || (bare as { state?: string }).state !== 'connected') {
      throw new Error(`unexpected answers: service ${JSON.stringify(answer)}, baseline ${JSON.stringify(bare)}`);
    }

    log('throughput: warming up');
    await load({ ...baselineTarget, connections: 50, seconds: 2 });
    await load({ ...serviceTarget(info), connections: 50, seconds: 2 });
    await load({ ...serviceTarget(silent), connections: 50, seconds: 1 });

    const runs: Record<string, LoadResult[]> = {};
    const record = (key: string, result: LoadResult) => (runs[key] ??= []).push(result);
    for (const connections of [50, 200]) {
      for (let round = 0; round < rounds; round += 1) {
        const order = round % 2 === 0 ? (['baseline', 'service'] as const) : (['service', 'baseline'] as const);
        for (const which of order) {
          log(`throughput: ${which} at ${connections} connections, round ${round + 1}/${rounds}`);
          const target = which === 'baseline' ? baselineTarget : serviceTarget(info);
          record(`${which}@${connections}`, await load({ ...target, connections, seconds }));
        }
      }
    }
    // The log line's cost: the same service with LOG_LEVEL=silent, alternated with the info one.
    for (let round = 0; round < rounds; round += 1) {
      log(`throughput: service (silent logs) at 50 connections, round ${round + 1}/${rounds}`);
      record('silent@50', await load({ ...serviceTarget(silent), connections: 50, seconds }));
      record('service-again@50', await load({ ...serviceTarget(info), connections: 50, seconds }));
    }

    const agg = (key: string) => {
      const list = runs[key] ?? [];
      const total = list.reduce((a, r) => a + r.total, 0);
      return {
        rps: list.reduce((a, r) => a + r.rps, 0) / list.length,
        p50: list.reduce((a, r) => a + r.p50, 0) / list.length,
        p99: list.reduce((a, r) => a + r.p99, 0) / list.length,
        total,
        bad: list.reduce((a, r) => a + r.non2xx + r.errors, 0),
        perRound: list.map((r) => Math.round(r.rps)).join(', '),
      };
    };

    const rows: Array<Array<string | number>> = [];
    const targets = [];
    for (const connections of [50, 200]) {
      const base = agg(`baseline@${connections}`);
      const svc = agg(`service@${connections}`);
      const r = svc.rps / base.rps;
      rows.push([`bare Koa + findOne`, connections, Math.round(base.rps), base.perRound, base.p50.toFixed(1), base.p99.toFixed(1), base.total, base.bad]);
      rows.push([`**connect service** (tRPC, JWT, CORS, info log → /dev/null)`, connections, Math.round(svc.rps), svc.perRound, svc.p50.toFixed(1), svc.p99.toFixed(1), svc.total, svc.bad]);
      rows.push([`ratio service / baseline`, connections, `**${ratio(r)}**`, '', ratio(svc.p50 / base.p50), ratio(svc.p99 / base.p99), '', '']);
      targets.push({ name: `Throughput at ${connections} connections`, target: `≥ ${TARGET_RATIO} of baseline req/s`, measured: `${ratio(r)} (${Math.round(svc.rps)} vs ${Math.round(base.rps)} req/s)`, met: r >= TARGET_RATIO });
    }
    const silentAgg = agg('silent@50');
    const infoAgg = agg('service-again@50');
    const body = [
      `${rounds} rounds of ${seconds} s per row and connection count, baseline and service alternating (order swapped each round); ` +
        `autocannon ${'(as a library, in the benchmark process)'} on 127.0.0.1; one connected user among 100 stored; the service and the baseline run in ` +
        `one forked Node process and share its MongoClient; the database is a separate process. Latencies are autocannon's (1 ms resolution), averaged over rounds.`,
      '',
      table(['target', 'connections', 'req/s', 'req/s per round', 'p50 ms', 'p99 ms', 'requests', 'non-2xx + errors'], rows),
      '',
      `Logging: the service logs one info line per request (pino, synchronous, written to /dev/null here — what production does with stdout). ` +
        `The same service with LOG_LEVEL=silent, alternated with the info one at 50 connections: ` +
        `${Math.round(silentAgg.rps)} req/s silent vs ${Math.round(infoAgg.rps)} req/s info (info/silent = ${ratio(infoAgg.rps / silentAgg.rps)}).`,
    ].join('\n');
    return { title: 'Service throughput: connection.status vs a bare Koa route', body, targets };
  } finally {
    for (const s of services) await s.stop();
    await db.collection('connections').deleteMany({});
    await client.close();
  }
}
