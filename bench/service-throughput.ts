/**
 * Service throughput: autocannon on loopback against the authenticated `connection.status` query,
 * beside two floors doing the same MongoDB read, all in one forked process: the tRPC floor (the same
 * query on tRPC's own adapter with no middleware of ours — what any tRPC service pays; the target is
 * a ratio to it) and the bare Koa route (no tRPC, no auth, no logging; its ratio is information).
 * Rounds alternate the three (order rotated each round) so all see the same machine noise; ratios
 * are of the averaged requests per second. A second service process with LOG_LEVEL=silent shows
 * what the per-request info log line costs.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../server/config.js';
import type { ConnectionDocument } from '../server/db/collections.js';
import { BENCH_ORIGIN, benchToken, log, newSecrets, ratio, seedConnections, serviceEnv, subjectOf, table, type Section } from './lib/common.js';
import { forkService, type ForkedService } from './lib/fork-service.js';
import { attribute, readProfile } from './lib/cpu-profile.js';
import { load, type LoadResult } from './lib/load.js';

/** Which part of the stack a profiled frame belongs to (see attribute() in lib/cpu-profile.ts). */
function bucketOf(url: string): string {
  if (url.includes('/@trpc/')) return 'tRPC (adapter, router, procedure call)';
  if (url.includes('/jose/')) return 'connect token (jose, WebCrypto HMAC; verified once per token, then cached)';
  if (/\/(pino|@pinojs|sonic-boom|fast-redact|pino-std-serializers)\//.test(url)) return 'logging (pino, redaction)';
  if (/\/(mongodb|bson)\//.test(url)) return 'MongoDB driver + BSON (incl. socket writes)';
  if (/\/(koa|koa-compose|@koa\/[^/]+|delegates|on-finished|ee-first|vary|statuses|mime-types|content-type|type-is|accepts|cookies|http-errors|fresh|only|encodeurl|escape-html|negotiator)\//.test(url)) return 'Koa + CORS (incl. response writes)';
  if (/\/(server|bench)\//.test(url) && !url.includes('node_modules')) return 'our code (server/, middleware, service)';
  if (url.includes('/zod/')) return 'zod';
  return `other: ${url.replace(/^.*node_modules\//, '').split('/')[0]}`;
}

/** Profiles one forked process under `seconds` of load; returns CPU µs per request by bucket. */
async function profileUnderLoad(mongodbUri: string, env: Record<string, string>, target: (s: ForkedService) => { url: string; headers: Record<string, string> }, seconds: number) {
  const dir = await mkdtemp(join(tmpdir(), 'healthex-bench-prof-'));
  const service = await forkService({ mongodbUri, env, cpuProfileDir: dir });
  let requests = 0;
  try {
    await load({ ...target(service), connections: 50, seconds: 1 });
    requests = (await load({ ...target(service), connections: 50, seconds })).total;
  } finally {
    await service.stop();
  }
  const files = (await readdir(dir)).filter((file) => file.endsWith('.cpuprofile')).sort();
  const main = files[0]; // thread 0 is the main thread
  if (!main) throw new Error('no CPU profile written');
  const { buckets, busyMs } = attribute(await readProfile(join(dir, main)), bucketOf);
  await rm(dir, { recursive: true, force: true });
  return { buckets, busyMs, requests };
}

export interface ThroughputOptions {
  mongodbUri: string;
  seconds?: number;
  rounds?: number;
  cpuProfileDir?: string;
}

/** Against the tRPC floor: what our middleware (auth, CORS, headers, logging, errors) may cost. */
const TARGET_RATIO = 0.9;

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
    const trpcFloorTarget = { url: `${info.trpcFloorUrl}/trpc/connection.status?sub=${subject}`, headers: {} };

    // Both answer the same thing before anything is timed.
    const answer = await (await fetch(serviceTarget(info).url, { headers: serviceTarget(info).headers })).json();
    const bare = await (await fetch(baselineTarget.url)).json();
    const floor = await (await fetch(trpcFloorTarget.url)).json();
    const stateOf = (json: unknown) => (json as { result?: { data?: { state?: string } } }).result?.data?.state;
    if (stateOf(answer) !== 'connected' || (bare as { state?: string }).state !== 'connected' || JSON.stringify(floor) !== JSON.stringify(answer)) {
      throw new Error(`unexpected answers: service ${JSON.stringify(answer)}, tRPC floor ${JSON.stringify(floor)}, baseline ${JSON.stringify(bare)}`);
    }

    log('throughput: warming up');
    // Both service processes get the same warm-up (JIT, connection pool), since they are compared too.
    await load({ ...baselineTarget, connections: 50, seconds: 2 });
    await load({ ...trpcFloorTarget, connections: 50, seconds: 3 });
    await load({ ...serviceTarget(info), connections: 50, seconds: 5 });
    await load({ ...serviceTarget(silent), connections: 50, seconds: 5 });

    const runs: Record<string, Array<LoadResult & { cpuPerRequest: number }>> = {};
    const measure = async (key: string, process: ForkedService, target: { url: string; headers: Record<string, string> }, connections: number) => {
      const before = await process.cpuMicros();
      const result = await load({ ...target, connections, seconds });
      (runs[key] ??= []).push({ ...result, cpuPerRequest: ((await process.cpuMicros()) - before) / result.total });
    };
    for (const connections of [50, 200]) {
      for (let round = 0; round < rounds; round += 1) {
        const three = ['baseline', 'trpcFloor', 'service'] as const;
        const order = [...three.slice(round % 3), ...three.slice(0, round % 3)];
        const targetOf = { baseline: baselineTarget, trpcFloor: trpcFloorTarget, service: serviceTarget(info) };
        for (const which of order) {
          log(`throughput: ${which} at ${connections} connections, round ${round + 1}/${rounds}`);
          await measure(`${which}@${connections}`, info, targetOf[which], connections);
        }
      }
    }
    // The log line's cost: the same service with LOG_LEVEL=silent, alternated with the info one.
    for (let round = 0; round < rounds; round += 1) {
      log(`throughput: service (silent logs) at 50 connections, round ${round + 1}/${rounds}`);
      await measure('silent@50', silent, serviceTarget(silent), 50);
      await measure('service-again@50', info, serviceTarget(info), 50);
    }
    for (const s of services.splice(0)) await s.stop();

    log('throughput: CPU profiles (--cpu-prof) of the service and of the baseline under load');
    const profiled = {
      service: await profileUnderLoad(options.mongodbUri, env, serviceTarget, seconds),
      baseline: await profileUnderLoad(options.mongodbUri, env, (s) => ({ url: `${s.baselineUrl}/status?sub=${subject}`, headers: {} }), seconds),
    };

    const agg = (key: string) => {
      const list = runs[key] ?? [];
      const total = list.reduce((a, r) => a + r.total, 0);
      return {
        rps: list.reduce((a, r) => a + r.rps, 0) / list.length,
        p50: list.reduce((a, r) => a + r.p50, 0) / list.length,
        p99: list.reduce((a, r) => a + r.p99, 0) / list.length,
        total,
        bad: list.reduce((a, r) => a + r.non2xx + r.errors, 0),
        cpu: list.reduce((a, r) => a + r.cpuPerRequest, 0) / list.length,
        perRound: list.map((r) => Math.round(r.rps)).join(', '),
      };
    };

    const rows: Array<Array<string | number>> = [];
    const targets = [];
    for (const connections of [50, 200]) {
      const base = agg(`baseline@${connections}`);
      const trpc = agg(`trpcFloor@${connections}`);
      const svc = agg(`service@${connections}`);
      const r = svc.rps / trpc.rps;
      const row = (name: string, a: typeof svc) => [name, connections, Math.round(a.rps), a.perRound, a.p50.toFixed(1), a.p99.toFixed(1), Math.round(a.cpu), a.total, a.bad];
      rows.push(row(`bare Koa + findOne`, base));
      rows.push(row(`tRPC floor (tRPC's standalone adapter + findOne, nothing of ours)`, trpc));
      rows.push(row(`**connect service** (tRPC's Node adapter under Koa, JWT, CORS, security headers, info log → /dev/null)`, svc));
      rows.push([`**ratio service / tRPC floor**`, connections, `**${ratio(r)}**`, '', ratio(svc.p50 / trpc.p50), ratio(svc.p99 / trpc.p99), ratio(svc.cpu / trpc.cpu), '', '']);
      rows.push([`ratio service / bare Koa (information)`, connections, ratio(svc.rps / base.rps), '', ratio(svc.p50 / base.p50), ratio(svc.p99 / base.p99), ratio(svc.cpu / base.cpu), '', '']);
      targets.push({
        name: `Throughput at ${connections} connections`,
        target: `≥ ${TARGET_RATIO} of the tRPC floor's req/s`,
        measured: `${ratio(r)} (${Math.round(svc.rps)} vs ${Math.round(trpc.rps)} req/s; CPU ${Math.round(svc.cpu)} vs ${Math.round(trpc.cpu)} µs / request; bare Koa ${Math.round(base.rps)} req/s, ${Math.round(base.cpu)} µs)`,
        met: r >= TARGET_RATIO,
      });
    }
    const silentAgg = agg('silent@50');
    const infoAgg = agg('service-again@50');
    const body = [
      `${rounds} rounds of ${seconds} s per row and connection count, the bare Koa floor, the tRPC floor and the service alternating (order rotated each round); ` +
        `autocannon ${'(as a library, in the benchmark process)'} on 127.0.0.1; one connected user among 100 stored; the service and both floors run in ` +
        `one forked Node process and share its MongoClient; the database is a separate process. Latencies are autocannon's (1 ms resolution), averaged over rounds.`,
      '',
      table(['target', 'connections', 'req/s', 'req/s per round', 'p50 ms', 'p99 ms', 'CPU µs / request', 'requests', 'non-2xx + errors'], rows),
      '',
      `CPU µs / request is the forked process's own CPU time (user + system, process.cpuUsage) over the run divided by the requests served — ` +
        `less sensitive than req/s to what else the machine is doing, since the load generator and the database run in other processes.`,
      '',
      `Where the CPU goes (a separate ${seconds} s run at 50 connections per target with \`node --cpu-prof\`, start-up left out; each sample is charged to the nearest ` +
        `non-Node frame on its stack, so a socket write counts for the library that wrote; share of the process's busy CPU time, and that share applied to the unprofiled CPU µs / request at 50 connections above — the profiler itself slows the process, so its own per-request figures are not used):`,
      '',
      table(
        ['part', 'connect service', '≈ µs / request', 'bare baseline', '≈ µs / request'],
        [...new Set([...profiled.service.buckets.keys(), ...profiled.baseline.buckets.keys()])]
          .map((bucket) => [bucket, (profiled.service.buckets.get(bucket) ?? 0) / profiled.service.busyMs, (profiled.baseline.buckets.get(bucket) ?? 0) / profiled.baseline.busyMs] as const)
          .sort((a, b) => b[1] - a[1])
          .filter(([, a, b]) => a >= 0.01 || b >= 0.01)
          .map(([bucket, a, b]) => [bucket, `${(100 * a).toFixed(1)} %`, (a * agg('service@50').cpu).toFixed(0), `${(100 * b).toFixed(1)} %`, (b * agg('baseline@50').cpu).toFixed(0)]),
      ),
      '',
      `Logging: the service logs one info line per request (pino, synchronous, written to /dev/null here — what production does with stdout). ` +
        `The same service with LOG_LEVEL=silent, alternated with the info one at 50 connections: ` +
        `${Math.round(silentAgg.rps)} req/s silent vs ${Math.round(infoAgg.rps)} req/s info (info/silent = ${ratio(infoAgg.rps / silentAgg.rps)}); ` +
        `CPU per request ${Math.round(silentAgg.cpu)} µs silent vs ${Math.round(infoAgg.cpu)} µs info, a difference of ${Math.round(infoAgg.cpu - silentAgg.cpu)} µs (${((100 * (infoAgg.cpu - silentAgg.cpu)) / infoAgg.cpu).toFixed(0)} % of the request) — ` +
        `on this shared machine differences under ~10 % are noise. Redaction is pino's own, with explicit paths only (server/logger.ts), so no wildcard redactor runs on every line.`,
    ].join('\n');
    return { title: 'Service throughput: connection.status vs the tRPC floor and a bare Koa route', body, targets };
  } finally {
    for (const s of services) await s.stop();
    await db.collection('connections').deleteMany({});
    await client.close();
  }
}
