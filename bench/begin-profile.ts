/**
 * Where a `connection.begin` spends its time under a crowd: 200 begins at once on a service in this
 * process, sent from a worker thread (so this thread's event-loop use is the service's alone, not the
 * client's). Measured with public hooks only:
 *   - the MongoDB driver's command monitoring (`commandStarted` / `commandSucceeded`, with the
 *     driver's own `duration`): round trips per begin by command and collection, and time inside
 *     database commands (the engine's share, plus the wire);
 *   - `performance.eventLoopUtilization()` of this thread during the crowd: our CPU (Koa, tRPC, the
 *     driver's encoding, crypto, logging) — the rest of the wall time is waiting;
 *   - the sandbox's client registrations during the crowd (registration is done once).
 * Prints figures; asserts nothing except the targets it reports.
 *
 * Run alone: `npx tsx bench/begin-profile.ts`, or as part of `npm run bench` (`begin`).
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Session } from 'node:inspector/promises';
import { writeFile } from 'node:fs/promises';
import type { CommandStartedEvent, CommandSucceededEvent, CommandFailedEvent } from 'mongodb';
import { pino } from 'pino';
import { startSandbox } from 'healthex-sandbox';
import { startConnectService } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { startDatabase } from '../server/db/start-database.js';
import { createLogger } from '../server/logger.js';
import { freePort } from '../server/net/free-port.js';
import { BENCH_ORIGIN, benchToken, log, ms, newSecrets, quantile, serviceEnv, table, type Section } from './lib/common.js';

const TARGET_P95_MS = 1_000;

/** The client: every begin at once, each timed from send to the whole answer read. */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, origin, tokens } = workerData;
const body = JSON.stringify({ returnUrl: origin + '/records', mode: 'redirect' });
(async () => {
  const started = performance.now();
  const results = await Promise.all(tokens.map(async (token) => {
    const t = performance.now();
    try {
      const response = await fetch(url + '/trpc/connection.begin', { method: 'POST', headers: { authorization: 'Bearer ' + token, origin, 'content-type': 'application/json' }, body });
      const json = await response.json();
      return { ms: performance.now() - t, ok: response.status === 200 && typeof json?.result?.data?.authorizationUrl === 'string' };
    } catch { return { ms: performance.now() - t, ok: false }; }
  }));
  parentPort.postMessage({ wallMs: performance.now() - started, results });
})();
`;

interface CrowdResult {
  wallMs: number;
  results: Array<{ ms: number; ok: boolean }>;
}

function runCrowd(url: string, tokens: string[]): Promise<CrowdResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { url, origin: BENCH_ORIGIN, tokens } });
    worker.once('message', (message: CrowdResult) => void worker.terminate().then(() => resolve(message)));
    worker.once('error', reject);
  });
}

export interface BeginProfile {
  crowd: number;
  wallMs: number;
  p50: number;
  p95: number;
  errors: number;
  commandsPerBegin: Array<{ command: string; perBegin: number; meanMs: number; p95Ms: number }>;
  /** Sum of the driver's command durations, per begin. */
  dbMsPerBegin: number;
  /** Time at least one command was in flight, over the crowd's wall time. */
  dbBusyShare: number;
  /** This thread's event-loop utilization over the crowd (the service's CPU share of wall time). */
  cpuShare: number;
  cpuMsPerBegin: number;
  /** Client registrations at the sandbox during the crowd (registration must be done once). */
  registrations: number;
}

export async function profileBegin(options: { mongodbUri: string; crowd?: number }): Promise<BeginProfile> {
  const crowd = options.crowd ?? 200;
  const sandbox = await startSandbox({});
  const secrets = newSecrets();
  const config = await loadConfig(serviceEnv({ secrets, dbName: `bench_begin_${randomBytes(4).toString('hex')}`, healthexIssuer: sandbox.issuer, port: await freePort() }));
  // Command events on: this benchmark times every command the begin sends.
  const service = await startConnectService({ config, mongodbUri: options.mongodbUri, log: createLogger(config.logLevel, pino.destination({ dest: '/dev/null', sync: true })), monitorCommands: true });
  try {
    const tokens = await Promise.all(Array.from({ length: crowd + 1 }, (_, i) => benchToken(secrets, `begin-user-${i}`)));
    // One begin first: it discovers and registers at the sandbox (not part of the crowd's figures).
    await runCrowd(service.url, tokens.slice(crowd));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const started = new Map<number, { key: string; at: number }>();
    const durations = new Map<string, number[]>();
    let inFlight = 0;
    let busySince = 0;
    let busyMs = 0;
    const onStarted = (event: CommandStartedEvent) => {
      const collection = (event.command as Record<string, unknown>)[event.commandName];
      started.set(event.requestId, { key: `${event.commandName} ${typeof collection === 'string' ? collection : ''}`.trim(), at: performance.now() });
      if (inFlight++ === 0) busySince = performance.now();
    };
    const onEnded = (event: CommandSucceededEvent | CommandFailedEvent) => {
      const start = started.get(event.requestId);
      if (!start) return;
      started.delete(event.requestId);
      const list = durations.get(start.key) ?? [];
      list.push(event.duration);
      durations.set(start.key, list);
      if (--inFlight === 0) busyMs += performance.now() - busySince;
    };
    service.mongo.on('commandStarted', onStarted);
    service.mongo.on('commandSucceeded', onEnded);
    service.mongo.on('commandFailed', onEnded);
    const registrationsBefore = sandbox.stats().registrations;
    // BEGIN_CPU_PROFILE=file.cpuprofile: this thread's V8 profile of the crowd (node:inspector), for bench/lib/cpu-profile.ts.
    const profileFile = process.env.BEGIN_CPU_PROFILE;
    const session = profileFile ? new Session() : null;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const eluBefore = performance.eventLoopUtilization();
    const result = await runCrowd(service.url, tokens.slice(0, crowd));
    const elu = performance.eventLoopUtilization(eluBefore);
    if (session && profileFile) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(profileFile, JSON.stringify(profile));
      session.disconnect();
    }
    service.mongo.off('commandStarted', onStarted);
    service.mongo.off('commandSucceeded', onEnded);
    service.mongo.off('commandFailed', onEnded);

    const times = result.results.map((r) => r.ms);
    const allDurations = [...durations.values()].flat();
    return {
      crowd,
      wallMs: result.wallMs,
      p50: quantile(times, 0.5),
      p95: quantile(times, 0.95),
      errors: result.results.filter((r) => !r.ok).length,
      commandsPerBegin: [...durations.entries()]
        .map(([command, values]) => ({ command, perBegin: values.length / crowd, meanMs: values.reduce((a, b) => a + b, 0) / values.length, p95Ms: quantile(values, 0.95) }))
        .sort((a, b) => b.perBegin - a.perBegin),
      dbMsPerBegin: allDurations.reduce((a, b) => a + b, 0) / crowd,
      dbBusyShare: busyMs / result.wallMs,
      cpuShare: elu.utilization,
      cpuMsPerBegin: elu.active / crowd,
      registrations: sandbox.stats().registrations - registrationsBefore,
    };
  } finally {
    await service.close();
    await sandbox.close();
  }
}

export async function beginProfile(options: { mongodbUri: string; crowd?: number; rounds?: number }): Promise<Section> {
  const profiles: BeginProfile[] = [];
  for (let i = 0; i < (options.rounds ?? 2); i += 1) {
    log(`begin profile: round ${i + 1}, ${options.crowd ?? 200} begins at once`);
    profiles.push(await profileBegin(options));
  }
  const last = profiles.at(-1)!;
  const worstP95 = Math.max(...profiles.map((p) => p.p95));
  const pct = (value: number) => `${(value * 100).toFixed(0)} %`;
  return {
    title: `${last.crowd} concurrent begins: where the time goes`,
    body: [
      table(
        ['round', 'all answered in', 'p50', 'p95', 'errors', 'DB commands / begin', 'DB time / begin (sum of durations)', 'a DB command in flight', 'service CPU (event loop busy)', 'CPU / begin', 'registrations at the sandbox'],
        profiles.map((p, i) => [
          i + 1,
          ms(p.wallMs, 0),
          ms(p.p50, 0),
          ms(p.p95, 0),
          p.errors,
          p.commandsPerBegin.reduce((a, c) => a + c.perBegin, 0).toFixed(2),
          ms(p.dbMsPerBegin, 1),
          pct(p.dbBusyShare),
          pct(p.cpuShare),
          ms(p.cpuMsPerBegin),
          p.registrations,
        ]),
      ),
      '',
      `Commands in the last round (the driver's own durations: the engine plus the wire, queued behind other commands on the engine):`,
      '',
      table(['command collection', 'per begin', 'mean', 'p95'], last.commandsPerBegin.map((c) => [c.command, c.perBegin.toFixed(2), ms(c.meanMs, 1), ms(c.p95Ms, 1)])),
      '',
      `The engine's share: a database command was in flight ${pct(last.dbBusyShare)} of the crowd's wall time; this thread's event loop (our code, the driver, Koa, tRPC) was busy ${pct(last.cpuShare)}.`,
    ].join('\n'),
    targets: [
      {
        name: `${last.crowd} concurrent begins, p95`,
        target: `≤ ${TARGET_P95_MS} ms, no errors`,
        measured: `p95 ${profiles.map((p) => ms(p.p95, 0)).join(', ')}; engine in flight ${profiles.map((p) => pct(p.dbBusyShare)).join(', ')} of wall time`,
        met: worstP95 <= TARGET_P95_MS && profiles.every((p) => p.errors === 0),
      },
    ],
  };
}

// Run alone: `npx tsx bench/begin-profile.ts`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const database = await startDatabase(process.env);
  try {
    const section = await beginProfile({ mongodbUri: database.uri, ...(process.env.BENCH_QUICK === '1' ? { rounds: 1 } : {}) });
    process.stdout.write(`\n## ${section.title}\n\n${section.body}\n\n${table(['measure', 'target', 'measured', 'met?'], section.targets.map((t) => [t.name, t.target, t.measured, t.met ? 'met' : 'MISSED']))}\n`);
  } finally {
    await database.stop();
  }
  process.exit(0);
}
