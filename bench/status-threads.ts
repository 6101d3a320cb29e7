/**
 * Where the status path's CPU goes by thread: the compiled service (production mode, info logging,
 * metrics on, as bench/service-throughput.ts runs it) and the tRPC floor (bench/floors/status-floor.mjs
 * trpc), each under the same load (200 connections, 4 alternated rounds of 4 s after a warm-up),
 * with user and system CPU per request read from /proc/<pid>/task/<tid>/stat for every thread:
 * the main thread (JavaScript, and the kernel work of its sockets and writes), V8's worker threads
 * (concurrent garbage collection, background compilation) and libuv's pool. A V8 CPU profile sees
 * only the main thread's JavaScript; this shows the rest.
 *
 *   npm run build:server && npx tsx bench/status-threads.ts
 *
 * Not part of `npm run bench` (it explains the throughput benchmark's CPU ratio rather than being a
 * target of its own); its result on this machine is in bench/NOTES.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../server/config.js';
import type { ConnectionDocument } from '../server/db/collections.js';
import { startDatabase } from '../server/db/start-database.js';
import { BENCH_ISSUER, BENCH_ORIGIN, benchToken, median, newSecrets, productionServiceEnv, seedConnections, subjectOf, table } from './lib/common.js';
import { load } from './lib/load.js';
import { startNodeProcess, type NodeProcess } from './lib/node-process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const ROUNDS = 4;

/** CPU µs so far per thread kind and mode ("main user", "V8Worker sys", …), summed over the process's threads. */
async function cpuByThread(pid: number): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const tid of await readdir(`/proc/${pid}/task`)) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => '');
    if (!stat) continue; // the thread ended meanwhile
    // The thread's name, without the number V8 and libuv append to each of their workers.
    const name = tid === String(pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/[\s\d]+$/, '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    for (const [mode, ticks] of [['user', fields[11]], ['sys', fields[12]]] as const) {
      const key = `${name} ${mode}`;
      totals.set(key, (totals.get(key) ?? 0) + (Number(ticks) * 1_000_000) / TICKS_PER_SECOND);
    }
  }
  return totals;
}

const database = await startDatabase(process.env);
const work = join(tmpdir(), `status-threads-${process.pid}`);
const running: NodeProcess[] = [];
const client = new MongoClient(database.uri);
try {
  const secrets = newSecrets();
  const dbName = `status_threads_${Date.now()}`;
  const env = productionServiceEnv({ secrets, dbName, mongodbUri: database.uri });
  const config = await loadConfig(env);
  await client.connect();
  await seedConnections(client.db(dbName).collection<ConnectionDocument>('connections'), config.keyRing, 100);
  const subject = subjectOf(42);
  const token = await benchToken(secrets, subject);
  await mkdir(work, { recursive: true });
  const service = await startNodeProcess({
    args: [join(ROOT, 'server/bin/healthex-connect-server.js')],
    env,
    stdoutFile: join(work, 'service.out'),
    isReady: (line) => line.msg === 'connect service listening',
  });
  running.push(service);
  const floor = await startNodeProcess({
    args: [join(ROOT, 'bench/floors/status-floor.mjs'), 'trpc'],
    env: { BENCH_MONGODB_URI: database.uri, BENCH_DB: dbName, BENCH_ISSUER },
    stdoutFile: join(work, 'floor.out'),
    isReady: (line) => typeof line.url === 'string',
  });
  running.push(floor);
  const targets: Array<{ name: string; process: NodeProcess; url: string; headers: Record<string, string> }> = [
    { name: 'service', process: service, url: `${service.ready.url as string}/trpc/connection.status`, headers: { authorization: `Bearer ${token}`, origin: BENCH_ORIGIN } },
    { name: 'tRPC floor', process: floor, url: `${floor.ready.url as string}/trpc/connection.status?sub=${subject}`, headers: {} },
  ];
  for (const target of targets) await load({ ...target, connections: 200, seconds: 3 });

  /** Per target, per thread kind and mode: µs per request in each round. */
  const samples = new Map<string, Map<string, number[]>>(targets.map((target) => [target.name, new Map()]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
      const before = await cpuByThread(target.process.pid);
      const { total } = await load({ ...target, connections: 200, seconds: 4 });
      const after = await cpuByThread(target.process.pid);
      const perThread = samples.get(target.name)!;
      for (const [key, micros] of after) perThread.set(key, [...(perThread.get(key) ?? []), (micros - (before.get(key) ?? 0)) / total]);
    }
  }
  const at = (name: string, key: string) => median(samples.get(name)!.get(key) ?? [0]);
  const keys = [...new Set([...samples.values()].flatMap((perThread) => [...perThread.keys()]))].sort();
  const rows = keys
    .map((key) => [key, at('service', key), at('tRPC floor', key)] as const)
    .filter(([, service, floor]) => service >= 0.5 || floor >= 0.5)
    .map(([key, service, floor]) => [key, service.toFixed(1), floor.toFixed(1), (service - floor).toFixed(1)]);
  const sum = (name: string) => keys.reduce((total, key) => total + at(name, key), 0);
  rows.push(['**all threads**', sum('service').toFixed(1), sum('tRPC floor').toFixed(1), (sum('service') - sum('tRPC floor')).toFixed(1)]);
  process.stdout.write(`${table(['thread and mode', 'service µs / request', 'tRPC floor µs / request', 'difference'], rows)}\n`);
} finally {
  for (const p of running) await p.stop();
  await client.close();
  await database.stop();
  await rm(work, { recursive: true, force: true });
}
process.exit(0);
