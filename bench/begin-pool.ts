/**
 * The database pool under a crowd: 200 `connection.begin` calls at once (each a rate-limit upsert,
 * a pending-authorization insert and an audit event) on a service process that has just started,
 * with the MongoDB driver's own pool defaults (minPoolSize 0, maxConnecting 2: connections opened on
 * demand, two at a time) and with the service's defaults (MONGODB_MIN_POOL_SIZE 20,
 * MONGODB_MAX_CONNECTING 8: a pool opened at start, grown four times as fast). Each round is a fresh
 * process on a fresh database, a second after it listens, after one begin that registers the client
 * at the HealthEx sandbox; rounds alternate. Prints figures; asserts nothing.
 *
 * Run alone: `npx tsx bench/begin-pool.ts`, or as part of `npm run bench`.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startSandbox } from 'healthex-sandbox';
import { startDatabase } from '../server/db/start-database.js';
import { freePort } from '../server/net/free-port.js';
import { connectTokenFor, PROCESS_RETURN_URL, widgetApi } from '../testkit/processes/process-client.js';
import { deploymentEnv, spawnServiceProcess } from '../testkit/processes/service-process.js';
import { log, mean, quantile, ratio, table, type Section } from './lib/common.js';

const POOLS = {
  'driver defaults (min 0, maxConnecting 2)': { MONGODB_MIN_POOL_SIZE: '0', MONGODB_MAX_CONNECTING: '2' },
  'service defaults (min 20, maxConnecting 8)': {},
} as const;
type PoolName = keyof typeof POOLS;

interface Round {
  pool: PoolName;
  wallMs: number;
  p50: number;
  p95: number;
  max: number;
  errors: number;
}

async function round(mongodbUri: string, healthexIssuer: string, pool: PoolName, crowd: number): Promise<Round> {
  const deployment = deploymentEnv({ mongodbUri, dbName: `bench_pool_${randomBytes(4).toString('hex')}`, healthexIssuer, extra: { SHUTDOWN_DELAY_SECONDS: '0', LOG_LEVEL: 'info', ...POOLS[pool] } });
  const instance = await spawnServiceProcess({ env: { ...deployment.env, PORT: String(await freePort()) }, startTimeoutMs: 90_000 });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const tokens = await Promise.all(Array.from({ length: crowd + 1 }, (_, i) => connectTokenFor(deployment.issuerSecret, `crowd-${i}`)));
    await widgetApi(instance.url, tokens[crowd]!).connection.begin.mutate({ returnUrl: PROCESS_RETURN_URL, mode: 'redirect' });
    const times: number[] = [];
    let errors = 0;
    const started = performance.now();
    await Promise.all(
      tokens.slice(0, crowd).map(async (token) => {
        const t = performance.now();
        try {
          await widgetApi(instance.url, token).connection.begin.mutate({ returnUrl: PROCESS_RETURN_URL, mode: 'redirect' });
        } catch {
          errors += 1;
        }
        times.push(performance.now() - t);
      }),
    );
    return { pool, wallMs: performance.now() - started, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: Math.max(...times), errors };
  } finally {
    await instance.stop();
  }
}

export async function beginPool(options: { mongodbUri: string; crowd?: number; rounds?: number }): Promise<Section> {
  const crowd = options.crowd ?? 200;
  const sandbox = await startSandbox({});
  const rounds: Round[] = [];
  try {
    const names = Object.keys(POOLS) as PoolName[];
    for (let i = 0; i < (options.rounds ?? 2); i += 1) {
      for (const pool of i % 2 === 0 ? names : [...names].reverse()) {
        log(`begin pool: ${crowd} begins at once, ${pool}`);
        rounds.push(await round(options.mongodbUri, sandbox.issuer, pool, crowd));
      }
    }
  } finally {
    await sandbox.close();
  }
  const averaged = (pool: PoolName, key: 'wallMs' | 'p50' | 'p95') => mean(rounds.filter((r) => r.pool === pool).map((r) => r[key]));
  // Each setting's fastest and slowest round: the difference between the means means little unless it
  // is larger than this spread (2026-12-04, 4 rounds of 6 settings: one setting's rounds ranged 344–868 ms).
  const spread = (pool: PoolName) => {
    const walls = rounds.filter((r) => r.pool === pool).map((r) => r.wallMs);
    return `${Math.min(...walls).toFixed(0)}–${Math.max(...walls).toFixed(0)} ms`;
  };
  const [cold, warm] = Object.keys(POOLS) as [PoolName, PoolName];
  return {
    title: `${crowd} concurrent begins: the database pool`,
    body: [
      table(
        ['round', 'pool', 'all answered in', 'p50', 'p95', 'max', 'errors'],
        rounds.map((r, i) => [i + 1, r.pool, `${r.wallMs.toFixed(0)} ms`, `${r.p50.toFixed(0)} ms`, `${r.p95.toFixed(0)} ms`, `${r.max.toFixed(0)} ms`, r.errors]),
      ),
      '',
      `A fresh service process per round, one second after it listens. With the service's pool settings the ${crowd} begins are all answered in ${ratio(averaged(warm, 'wallMs') / averaged(cold, 'wallMs'))} the time they take with the driver's defaults (p95 ${ratio(averaged(warm, 'p95') / averaged(cold, 'p95'))}).`,
    ].join('\n'),
    targets: [
      {
        name: `${crowd} concurrent begins, warm pool vs driver defaults`,
        target: 'faster, no errors',
        measured: `all answered in ${averaged(warm, 'wallMs').toFixed(0)} vs ${averaged(cold, 'wallMs').toFixed(0)} ms (rounds ${spread(warm)} vs ${spread(cold)}), p95 ${averaged(warm, 'p95').toFixed(0)} vs ${averaged(cold, 'p95').toFixed(0)} ms`,
        met: averaged(warm, 'wallMs') < averaged(cold, 'wallMs') && rounds.every((r) => r.errors === 0),
      },
    ],
  };
}

// Run alone: `npx tsx bench/begin-pool.ts`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const database = await startDatabase(process.env);
  try {
    const section = await beginPool({ mongodbUri: database.uri, ...(process.env.BENCH_QUICK === '1' ? { rounds: 1 } : {}) });
    process.stdout.write(`\n## ${section.title}\n\n${section.body}\n\n${table(['measure', 'target', 'measured', 'met?'], section.targets.map((t) => [t.name, t.target, t.measured, t.met ? 'met' : 'MISSED']))}\n`);
  } finally {
    await database.stop();
  }
  process.exit(0);
}
