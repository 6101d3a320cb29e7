/**
 * Audit scale-out: the same total load of audited calls (`POST /backend/v1/is-connected`, each one
 * an audit event) on one service process and on three, every process a real `node` process on one
 * database. Rounds alternate 1 and 3 processes (1, 3, 3, 1, …) on a fresh database each, so both see
 * the same machine noise and the same collection sizes; the floor is the one-process figure of the
 * same run. Reports calls/s, p95, lost races (retried audit writes; each writer appends to a chain of
 * its own, so there is no race to lose) and lost events (calls whose event is not stored), and
 * whether each round's trail verifies. Prints figures; asserts nothing.
 *
 * Run alone: `npx tsx bench/audit-scale-out.ts` (starts its own database), or as part of `npm run bench`.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { verifyAuditChain } from '../server/audit/verify-audit-chain.js';
import { collectionsOf } from '../server/db/collections.js';
import { startDatabase } from '../server/db/start-database.js';
import { freePort } from '../server/net/free-port.js';
import { auditWriteCounts, isConnectedLoad, statusLoad, type AuditedLoadResult } from '../testkit/processes/audited-load.js';
import { connectTokenFor } from '../testkit/processes/process-client.js';
import { deploymentEnv, spawnServiceProcess } from '../testkit/processes/service-process.js';
import { log, mean, ratio, table, type Section } from './lib/common.js';

const TARGET_RATIO = 0.9;

interface Round extends AuditedLoadResult {
  processes: number;
  lostRaces: number;
  lostEvents: number;
  failedWrites: number;
  verified: boolean;
  /** The unaudited control in the same round: `connection.status` calls/s. */
  statusPerSecond: number;
}

async function round(options: { mongodbUri: string; processes: number; calls: number; concurrency: number }): Promise<Round> {
  const dbName = `bench_audit_${randomBytes(4).toString('hex')}`;
  const deployment = deploymentEnv({ mongodbUri: options.mongodbUri, dbName, healthexIssuer: 'http://127.0.0.1:9', extra: { SHUTDOWN_DELAY_SECONDS: '0', AUDIT_CHECKPOINT_SECONDS: '2', ...(process.env.BENCH_AUDIT_ENV ? (JSON.parse(process.env.BENCH_AUDIT_ENV) as Record<string, string>) : {}) } });
  const ports = await Promise.all(Array.from({ length: options.processes }, () => freePort()));
  const instances = await Promise.all(ports.map((port) => spawnServiceProcess({ env: { ...deployment.env, PORT: String(port) }, startTimeoutMs: 90_000 })));
  const mongo = await MongoClient.connect(options.mongodbUri);
  const { auditEvents, auditChains } = collectionsOf(mongo.db(dbName));
  try {
    const urls = instances.map((instance) => instance.url);
    await isConnectedLoad({ urls, serviceSecret: deployment.serviceSecret, calls: 300, concurrency: options.concurrency, subjectPrefix: 'warm' });
    const connectToken = await connectTokenFor(deployment.issuerSecret, 'bench-status');
    await statusLoad({ urls, connectToken, calls: 300, concurrency: options.concurrency });
    const status = await statusLoad({ urls, connectToken, calls: options.calls, concurrency: options.concurrency });
    const result = await isConnectedLoad({ urls, serviceSecret: deployment.serviceSecret, calls: options.calls, concurrency: options.concurrency, subjectPrefix: 'load' });
    const counts = await Promise.all(instances.map((instance) => auditWriteCounts(instance.metricsUrl!)));
    await Promise.all(instances.map((instance) => instance.stop()));
    const stored = await auditEvents.countDocuments({ action: 'connection.check', userSub: { $regex: '^load-' } });
    const report = await verifyAuditChain(auditEvents, auditChains);
    if (!report.ok || report.unbound > 0) log(`the trail of this round: ${JSON.stringify({ chains: report.chains, unbound: report.unbound, problems: report.problems.slice(0, 5) })}`);
    return {
      ...result,
      statusPerSecond: status.perSecond,
      processes: options.processes,
      lostRaces: counts.reduce((sum, count) => sum + count.retried, 0),
      failedWrites: counts.reduce((sum, count) => sum + count.failed, 0),
      lostEvents: options.calls - result.failed - stored,
      verified: report.ok && report.unbound === 0 && report.chains === options.processes + 1,
    };
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    await auditEvents.deleteMany({});
    await auditChains.deleteMany({});
    await mongo.db(dbName).collection('connections').deleteMany({});
    await mongo.close();
  }
}

export async function auditScaleOut(options: { mongodbUri: string; calls?: number; concurrency?: number; rounds?: number }): Promise<Section> {
  const calls = options.calls ?? 1500;
  const concurrency = options.concurrency ?? 30;
  const order = Array.from({ length: options.rounds ?? 2 }, (_, i) => (i % 2 === 0 ? [1, 3] : [3, 1])).flat();
  const rounds: Round[] = [];
  for (const processes of order) {
    log(`audit scale-out: ${processes} process(es), ${calls} calls, ${concurrency} in flight`);
    rounds.push(await round({ mongodbUri: options.mongodbUri, processes, calls, concurrency }));
  }
  const of = (processes: number) => rounds.filter((r) => r.processes === processes);
  const one = mean(of(1).map((r) => r.perSecond));
  const three = mean(of(3).map((r) => r.perSecond));
  const p95One = mean(of(1).map((r) => r.p95Ms));
  const p95Three = mean(of(3).map((r) => r.p95Ms));
  const statusOne = mean(of(1).map((r) => r.statusPerSecond));
  const statusThree = mean(of(3).map((r) => r.statusPerSecond));
  const lostRaces = rounds.reduce((sum, r) => sum + r.lostRaces, 0);
  const lostEvents = rounds.reduce((sum, r) => sum + r.lostEvents + r.failedWrites, 0);
  const allVerified = rounds.every((r) => r.verified && r.failed === 0);
  const body = [
    table(
      ['round', 'processes', 'audited calls/s', 'p50', 'p95', 'failed calls', 'lost races (retried writes)', 'lost events', 'trail verifies', 'unaudited status calls/s'],
      rounds.map((r, i) => [i + 1, r.processes, r.perSecond.toFixed(0), `${r.p50Ms.toFixed(1)} ms`, `${r.p95Ms.toFixed(1)} ms`, r.failed, r.lostRaces, r.lostEvents + r.failedWrites, r.verified ? 'yes' : '**no**', r.statusPerSecond.toFixed(0)]),
    ),
    '',
    `Same total load in every round: ${calls} audited \`is-connected\` calls (each about a user of its own, so every event can be counted), ${concurrency} in flight, round-robin over the processes, after 300 warm-up calls; a fresh database per round. Three processes: ${ratio(three / one)} the calls/s of one (floor: one process in the same run, ${one.toFixed(0)} calls/s), p95 ${ratio(p95Three / p95One)}; the unaudited \`connection.status\` control in the same rounds: ${ratio(statusThree / statusOne)}. All processes share this machine's cores with the database and the load generator, so three processes add no CPU — the ratio shows that the audit trail does not serialise them, not that they scale linearly.`,
  ].join('\n');
  return {
    title: 'Audit trail with one and three service processes',
    body,
    targets: [
      { name: 'Audited calls/s, 3 processes vs 1 (same total load)', target: `≥ ${TARGET_RATIO}×`, measured: `${ratio(three / one)} (${three.toFixed(0)} vs ${one.toFixed(0)} calls/s)`, met: three / one >= TARGET_RATIO },
      { name: 'Audit events lost / races lost under load', target: '0 / 0, every trail verifies', measured: `${lostEvents} / ${lostRaces}${allVerified ? ', all verify' : ', **a trail failed to verify or a call failed**'}`, met: lostEvents === 0 && lostRaces === 0 && allVerified },
    ],
  };
}

// Run alone: `npx tsx bench/audit-scale-out.ts`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const database = await startDatabase(process.env);
  try {
    // BENCH_AUDIT_CALLS and BENCH_AUDIT_ROUNDS resize the run; BENCH_QUICK=1 shortens it.
    const quick = process.env.BENCH_QUICK === '1';
    const calls = Number(process.env.BENCH_AUDIT_CALLS ?? (quick ? 400 : 1500));
    const rounds = Number(process.env.BENCH_AUDIT_ROUNDS ?? (quick ? 1 : 2));
    const section = await auditScaleOut({ mongodbUri: database.uri, calls, rounds });
    process.stdout.write(`\n## ${section.title}\n\n${section.body}\n\n${table(['measure', 'target', 'measured', 'met?'], section.targets.map((t) => [t.name, t.target, t.measured, t.met ? 'met' : 'MISSED']))}\n`);
  } finally {
    await database.stop();
  }
  process.exit(0);
}
