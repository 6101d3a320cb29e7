/**
 * T35 with real processes (docs/SCALING.md "The audit trail"): three separate `node` service
 * processes on one database take audited back-end calls under load — 600 `is-connected` calls, 30 in
 * flight, round-robin over the three. Every call's event is stored exactly once (none lost, none
 * twice), each process appended to a chain of its own without a single retry, and after the
 * processes stop (each binding its last head into a checkpoint) every chain and checkpoint verifies.
 */
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { verifyAuditChain } from '../server/audit/verify-audit-chain.js';
import { collectionsOf } from '../server/db/collections.js';
import { freePort } from '../server/net/free-port.js';
import { auditWriteCounts, isConnectedLoad } from '../testkit/processes/audited-load.js';
import { deploymentEnv, spawnServiceProcess, type ServiceProcess } from '../testkit/processes/service-process.js';

const CALLS = 600;
let mongo: MongoClient;
let instances: ServiceProcess[] = [];
let deployment: ReturnType<typeof deploymentEnv>;

beforeAll(async () => {
  mongo = await MongoClient.connect(inject('mongodbUri'));
  // HealthEx is never called by is-connected; checkpoints every second so the run sees several.
  deployment = deploymentEnv({ mongodbUri: inject('mongodbUri'), healthexIssuer: 'http://127.0.0.1:9', extra: { SHUTDOWN_DELAY_SECONDS: '0', AUDIT_CHECKPOINT_SECONDS: '1' } });
  const ports = [await freePort(), await freePort(), await freePort()];
  instances = await Promise.all(ports.map((port) => spawnServiceProcess({ env: { ...deployment.env, PORT: String(port) }, startTimeoutMs: 60_000 })));
}, 120_000);

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
  const { auditEvents, auditChains } = collectionsOf(mongo.db(deployment.env.MONGODB_DB!));
  await auditEvents.deleteMany({});
  await auditChains.deleteMany({});
  await mongo?.close();
});

it('three processes append under load: zero lost events, no retry, every chain and checkpoint verifies', { timeout: 180_000 }, async () => {
  const { auditEvents, auditChains } = collectionsOf(mongo.db(deployment.env.MONGODB_DB!));
  const result = await isConnectedLoad({ urls: instances.map((instance) => instance.url), serviceSecret: deployment.serviceSecret, calls: CALLS, concurrency: 30, subjectPrefix: 'audit-load' });
  expect(result.failed).toBe(0);

  // Every call's event is stored, once.
  const checks = await auditEvents.find({ action: 'connection.check', userSub: { $regex: '^audit-load-' } }).toArray();
  expect(checks).toHaveLength(CALLS);
  expect(new Set(checks.map((event) => event.userSub)).size).toBe(CALLS);
  // Spread over three chains, one per process, each numbered without a gap.
  const perChain = new Map<string, number[]>();
  for (const event of await auditEvents.find({ chain: { $ne: 'checkpoints' } }).sort({ seq: 1 }).toArray()) perChain.set(event.chain, [...(perChain.get(event.chain) ?? []), event.seq]);
  expect(perChain.size).toBe(3);
  for (const seqs of perChain.values()) expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  expect(await auditChains.countDocuments({})).toBe(3);

  // Each process counted what it stored; none retried (no race to lose) and none failed.
  const counts = await Promise.all(instances.map((instance) => auditWriteCounts(instance.metricsUrl!)));
  expect(counts.map((count) => count.retried + count.failed)).toEqual([0, 0, 0]);
  expect(counts.reduce((sum, count) => sum + count.stored, 0)).toBe([...perChain.values()].reduce((sum, seqs) => sum + seqs.length, 0));

  // Stopping binds each process's last head; then every head is checkpointed and the trail verifies.
  await Promise.all(instances.map((instance) => instance.stop()));
  const report = await verifyAuditChain(auditEvents, auditChains);
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ ok: true, chains: 4, unbound: 0 });
  expect(report.checkpoint!.seq).toBeGreaterThanOrEqual(1);
  expect(await auditChains.countDocuments({ dirty: true })).toBe(0);
});
