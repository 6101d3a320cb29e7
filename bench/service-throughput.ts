/**
 * Service throughput as production runs it: the compiled service (`npm run build:server`, then its
 * bin under plain `node`), NODE_ENV=production, the production log level (info: one JSON request
 * line per request, pino's synchronous stdout, here into a file) and the metrics listener on, as a
 * process of its own. Beside it, three floors in plain JavaScript under plain `node`, each a process
 * with its own MongoClient making the same `findOne` (bench/floors/status-floor.mjs): the tRPC floor
 * (tRPC's standalone adapter, nothing of ours: the targets are ratios to it), the same router hosted
 * in a bare Koa app as the service hosts it, with the service's MongoClient timeouts (information:
 * the service's ratio to it is what our own code costs), and a bare Koa route (information). Rounds
 * alternate the four, order rotated each round; figures are medians of the
 * rounds. CPU per request is each process's own user + system time (/proc) over the requests it
 * served. Then each of the service and the tRPC floor runs once more with the same load, V8's
 * sampling profiler on for the measured window only (not start-up, not warm-up:
 * lib/profile-window.ts), and the profile says where the microseconds go.
 *
 * Run alone: `npx tsx bench/service-throughput.ts` (BENCH_QUICK=1 shortens it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../server/config.js';
import type { ConnectionDocument } from '../server/db/collections.js';
import { startDatabase } from '../server/db/start-database.js';
import { BENCH_ISSUER, BENCH_ORIGIN, benchToken, log, median, newSecrets, productionServiceEnv, ratio, seedConnections, subjectOf, table, type Section } from './lib/common.js';
import { load, type LoadResult } from './lib/load.js';
import { startNodeProcess, type NodeProcess } from './lib/node-process.js';
import { profilable, profiledWindow } from './lib/profile-window.js';
import { readStatusProfile, type ProfiledRun } from './lib/status-profile.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVICE_BIN = join(ROOT, 'server/bin/healthex-connect-server.js');
const FLOOR = join(ROOT, 'bench/floors/status-floor.mjs');

/** CPU per request may be at most this many times the tRPC floor's. */
const CPU_TARGET = 1.1;

export interface ThroughputOptions {
  mongodbUri: string;
  seconds?: number;
  rounds?: number;
}

type Target = { url: string; headers: Record<string, string> };
type Which = 'bare' | 'trpcFloor' | 'trpcInKoa' | 'service';
/** The floors' command lines (bench/floors/status-floor.mjs): kind, then the variant words. */
const FLOOR_ARGS: Record<Exclude<Which, 'service'>, string[]> = { bare: ['koa'], trpcFloor: ['trpc'], trpcInKoa: ['trpc', 'timeouts', 'in-koa'] };

export async function serviceThroughput(options: ThroughputOptions): Promise<Section> {
  const seconds = options.seconds ?? 5;
  const rounds = options.rounds ?? 3;
  log('throughput: building the service (npm run build:server)');
  execFileSync('npm', ['run', 'build:server'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

  const secrets = newSecrets();
  const dbName = `bench_throughput_${Date.now()}`;
  const env = productionServiceEnv({ secrets, dbName, mongodbUri: options.mongodbUri });
  const config = await loadConfig(env);
  const client = new MongoClient(options.mongodbUri);
  await client.connect();
  const db = client.db(dbName);
  const work = await mkdtemp(join(tmpdir(), 'healthex-bench-throughput-'));
  const running: NodeProcess[] = [];
  const floorEnv = { BENCH_MONGODB_URI: options.mongodbUri, BENCH_DB: dbName, BENCH_ISSUER };
  const start = async (which: Which, profileDir?: string) => {
    const prof = profileDir ? await profilable(profileDir) : { args: [], env: {} };
    const stdoutFile = join(work, `${which}-${Date.now()}.out`);
    const started =
      which === 'service'
        ? await startNodeProcess({ args: [...prof.args, SERVICE_BIN], env: { ...env, ...prof.env }, stdoutFile, isReady: (line) => line.msg === 'connect service listening' })
        : await startNodeProcess({ args: [...prof.args, FLOOR, ...FLOOR_ARGS[which]], env: { ...floorEnv, ...prof.env }, stdoutFile, isReady: (line) => typeof line.url === 'string' });
    running.push(started);
    return started;
  };
  try {
    await seedConnections(db.collection<ConnectionDocument>('connections'), config.keyRing, 100);
    const subject = subjectOf(42);
    const token = await benchToken(secrets, subject);
    const processes = { bare: await start('bare'), trpcFloor: await start('trpcFloor'), trpcInKoa: await start('trpcInKoa'), service: await start('service') };
    const targetOf = (which: Which, p: NodeProcess): Target =>
      which === 'service'
        ? { url: `${p.ready.url as string}/trpc/connection.status`, headers: { authorization: `Bearer ${token}`, origin: BENCH_ORIGIN } }
        : { url: `${p.ready.url as string}${which === 'bare' ? '/status' : '/trpc/connection.status'}?sub=${subject}`, headers: {} };
    const targets = {
      bare: targetOf('bare', processes.bare),
      trpcFloor: targetOf('trpcFloor', processes.trpcFloor),
      trpcInKoa: targetOf('trpcInKoa', processes.trpcInKoa),
      service: targetOf('service', processes.service),
    };

    // All four answer the same thing before anything is timed.
    const answer = await (await fetch(targets.service.url, { headers: targets.service.headers })).json();
    const floor = await (await fetch(targets.trpcFloor.url)).json();
    const inKoa = await (await fetch(targets.trpcInKoa.url)).json();
    const bare = (await (await fetch(targets.bare.url)).json()) as { state?: string };
    if ((answer as { result?: { data?: { state?: string } } }).result?.data?.state !== 'connected' || JSON.stringify(floor) !== JSON.stringify(answer) || JSON.stringify(inKoa) !== JSON.stringify(answer) || bare.state !== 'connected') {
      throw new Error(`unexpected answers: service ${JSON.stringify(answer)}, tRPC floor ${JSON.stringify(floor)}, bare ${JSON.stringify(bare)}`);
    }

    log('throughput: warming up');
    let sentToService = 1; // the answer check above
    for (const which of ['bare', 'trpcFloor', 'trpcInKoa', 'service'] as const) {
      const { total } = await load({ ...targets[which], connections: 50, seconds: Math.max(3, seconds) });
      if (which === 'service') sentToService += total;
    }

    const runs = new Map<string, Array<LoadResult & { cpu: number }>>();
    const measure = async (which: Which, connections: number) => {
      const p = processes[which];
      const before = await p.cpuMicros();
      const result = await load({ ...targets[which], connections, seconds });
      const cpu = ((await p.cpuMicros()) - before) / result.total;
      const key = `${which}@${connections}`;
      runs.set(key, [...(runs.get(key) ?? []), { ...result, cpu }]);
    };
    const loadAverages: number[] = [];
    for (const connections of [50, 200]) {
      for (let round = 0; round < rounds; round += 1) {
        const all: Which[] = ['bare', 'trpcFloor', 'trpcInKoa', 'service'];
        for (const which of [...all.slice(round % all.length), ...all.slice(0, round % all.length)]) {
          log(`throughput: ${which} at ${connections} connections, round ${round + 1}/${rounds}`);
          loadAverages.push((await import('node:os')).loadavg()[0]!);
          await measure(which, connections);
        }
      }
    }

    // What production has on: one request line per request, and the metrics counting them.
    const served = sentToService + (runs.get('service@50') ?? []).concat(runs.get('service@200') ?? []).reduce((a, r) => a + r.total, 0);
    const requestLines = (await processes.service.lines()).filter((line) => line.includes('"msg":"request"') && line.includes('/trpc/connection.status')).length;
    const metricsText = await (await fetch(processes.service.ready.metrics as string)).text();
    const counted = Number(/http_requests_total\{[^}]*route="\/trpc\/connection\.status"[^}]*status="200"[^}]*\} (\d+)/.exec(metricsText)?.[1] ?? 0);
    for (const p of running.splice(0)) await p.stop();

    log('throughput: CPU profiles of the service and of the tRPC floor at 200 connections (the measured window only)');
    const profiled: Partial<Record<'service' | 'trpcFloor', ProfiledRun>> = {};
    for (const which of ['trpcFloor', 'service'] as const) {
      const dir = join(work, `profile-${which}`);
      const p = await start(which, dir);
      const target = targetOf(which, p);
      await load({ ...target, connections: 200, seconds: Math.max(3, seconds) });
      const { total } = await profiledWindow(p.pid, dir, () => load({ ...target, connections: 200, seconds }));
      await p.stop();
      running.splice(running.indexOf(p), 1);
      profiled[which] = await readStatusProfile(dir, which, total);
    }

    return report({ runs, rounds, seconds, loadAverages, served, requestLines, counted, profiled: profiled as Record<'service' | 'trpcFloor', ProfiledRun> });
  } finally {
    for (const p of running) await p.stop();
    await db.dropDatabase().catch(() => undefined);
    await client.close();
    if (process.env.BENCH_KEEP_PROFILES !== '1') await rm(work, { recursive: true, force: true });
    else log(`throughput: profiles and folded stacks kept in ${work}`);
  }
}

function report(r: {
  runs: Map<string, Array<LoadResult & { cpu: number }>>;
  rounds: number;
  seconds: number;
  loadAverages: number[];
  served: number;
  requestLines: number;
  counted: number;
  profiled: Record<'service' | 'trpcFloor', ProfiledRun>;
}): Section {
  const agg = (key: string) => {
    const list = r.runs.get(key) ?? [];
    return {
      rps: median(list.map((x) => x.rps)),
      p50: median(list.map((x) => x.p50)),
      p99: median(list.map((x) => x.p99)),
      cpu: median(list.map((x) => x.cpu)),
      perRound: list.map((x) => `${Math.round(x.rps)}/${Math.round(x.cpu)}/${x.p99}`).join(", "),
      bad: list.reduce((a, x) => a + x.non2xx + x.errors, 0),
    };
  };
  const rows: Array<Array<string | number>> = [];
  const targets = [];
  for (const connections of [50, 200]) {
    const bare = agg(`bare@${connections}`);
    const floor = agg(`trpcFloor@${connections}`);
    const inKoa = agg(`trpcInKoa@${connections}`);
    const svc = agg(`service@${connections}`);
    const row = (name: string, a: typeof svc) => [name, connections, Math.round(a.rps), a.perRound, a.p50, a.p99, Math.round(a.cpu), a.bad];
    rows.push(row('bare Koa + findOne (plain node)', bare), row("tRPC floor (tRPC's standalone adapter + findOne, plain node)", floor));
    rows.push(row("tRPC in Koa (the same router through tRPC's node-http handler in a bare Koa app; the service's MongoClient timeouts)", inKoa));
    rows.push(row('**connect service** (compiled, NODE_ENV=production, info JSON log, metrics on)', svc));
    rows.push(['**service / tRPC floor**', connections, ratio(svc.rps / floor.rps), '', ratio(svc.p50 / floor.p50), ratio(svc.p99 / floor.p99), `**${ratio(svc.cpu / floor.cpu)}**`, '']);
    rows.push(['service / tRPC in Koa (information)', connections, ratio(svc.rps / inKoa.rps), '', ratio(svc.p50 / inKoa.p50), ratio(svc.p99 / inKoa.p99), ratio(svc.cpu / inKoa.cpu), '']);
    const cpuRatio = svc.cpu / floor.cpu;
    targets.push({
      name: `CPU per status request at ${connections} connections`,
      target: `≤ ${CPU_TARGET}× the tRPC floor's`,
      measured: `${ratio(cpuRatio)} (${Math.round(svc.cpu)} vs ${Math.round(floor.cpu)} µs; ${Math.round(svc.rps)} vs ${Math.round(floor.rps)} req/s)`,
      met: cpuRatio <= CPU_TARGET,
    });
    if (connections === 200) {
      targets.push({ name: 'p99 latency at 200 connections', target: "≤ the tRPC floor's", measured: `${svc.p99} vs ${floor.p99} ms`, met: svc.p99 <= floor.p99 });
    }
  }
  const { service, trpcFloor } = r.profiled;
  const buckets = [...new Set([...service.perRequest.keys(), ...trpcFloor.perRequest.keys()])]
    .map((bucket) => [bucket, service.perRequest.get(bucket) ?? 0, trpcFloor.perRequest.get(bucket) ?? 0] as const)
    .sort((a, b) => b[1] - a[1])
    .filter(([, a, b]) => a >= 1 || b >= 1);
  const la = r.loadAverages;
  const body = [
    `${r.rounds} rounds of ${r.seconds} s per row, the four alternating (order rotated each round), medians of the rounds; autocannon (in the benchmark ` +
      `process) on 127.0.0.1; one connected user among 100 stored. Four processes: the compiled service (\`node server/bin/healthex-connect-server.js\`, ` +
      `NODE_ENV=production, LOG_LEVEL=info, pino's JSON to stdout into a file, Prometheus metrics listener on) and three floors ` +
      `(\`node bench/floors/status-floor.mjs trpc|koa\`, each its own MongoClient with the driver's defaults and the service's pool size; and ` +
      `\`… trpc timeouts in-koa\`, the tRPC floor hosted in Koa the way the service hosts tRPC, with the service's MongoClient timeouts: the service's ` +
      `ratio to it is what our own middleware, context, procedure and logging cost on top of hosting tRPC in Koa, which the architecture prescribes). ` +
      `Load average (1 min) during the rounds: ${Math.min(...la).toFixed(2)}–${Math.max(...la).toFixed(2)}.`,
    '',
    table(['target', 'connections', 'req/s', 'per round (req/s / CPU µs / p99 ms)', 'p50 ms', 'p99 ms', 'CPU µs / request', 'non-2xx + errors'], rows),
    '',
    `Production features checked on the run: ${r.requestLines} request log lines and ${r.counted} \`http_requests_total\` counts for ${r.served} status requests sent (warm-up included; autocannon counts only the answers it saw before a round ended).`,
    '',
    `Where the CPU goes: one more ${r.seconds} s run at 200 connections of each, V8's sampling profiler on for that window only (started after start-up and a warm-up, ` +
      `through \`node:inspector\` on a signal: bench/lib/profile-window.ts); each sample is charged to the ` +
      `nearest frame that is not Node's own (so a socket write counts for the library that wrote), GC apart; µs per request from the profile ` +
      `(the profiler adds its own overhead, so these sum to more than the table above): service ${service.busyMicrosPerRequest.toFixed(0)} µs, ` +
      `tRPC floor ${trpcFloor.busyMicrosPerRequest.toFixed(0)} µs.`,
    '',
    table(['part', 'service µs / request', 'tRPC floor µs / request', 'difference'], buckets.map(([bucket, a, b]) => [bucket, a.toFixed(1), b.toFixed(1), (a - b).toFixed(1)])),
    '',
    'Heaviest functions of the service by inclusive time (µs / request):',
    '',
    table(['function', 'µs'], service.topInclusive.slice(0, 25).map((row) => [row.name.replace(/\|/g, '/'), row.micros.toFixed(1)])),
  ].join('\n');
  return { title: 'Service throughput: the compiled service in production mode vs the tRPC floor', body, targets };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const database = await startDatabase(process.env);
  try {
    const quick = process.env.BENCH_QUICK === '1';
    const section = await serviceThroughput({ mongodbUri: database.uri, seconds: quick ? 2 : 5, rounds: quick ? 2 : 3 });
    process.stdout.write(`\n## ${section.title}\n\n${section.body}\n\n${table(['measure', 'target', 'measured', 'met?'], section.targets.map((t) => [t.name, t.target, t.measured, t.met ? 'met' : 'MISSED']))}\n`);
  } finally {
    await database.stop();
  }
  process.exit(0);
}
