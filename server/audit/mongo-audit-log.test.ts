/**
 * T35 (SECURITY.md): every writer appends to a chain of its own. Many writers at once never race
 * (no retry, no lost event); a database that cannot take the event fails the request's `record`
 * instead of dropping it, and once the database is back the same chain goes on unbroken.
 */
import { describe, expect, it } from 'vitest';
import { proxiableUri } from '../../testkit/faults/fault-stack.js';
import { startTcpProxy } from '../../testkit/faults/tcp-proxy.js';
import { auditTrailDatabase, countedWrites, quietLog } from '../../testkit/stack/audit-writers.js';
import { writeCheckpoint } from './audit-checkpoints.js';
import { verifyAuditChain } from './verify-audit-chain.js';

const { uri, auditEvents, auditChains, writer: newWriter } = await auditTrailDatabase();

describe('an audit writer', () => {
  it('appends to its own chain: three concurrent writers store every event once, with no retry, and the trail verifies', async () => {
    const counters = countedWrites();
    const three = await Promise.all([newWriter({ counters }), newWriter({ counters }), newWriter({ counters })]);
    expect(new Set(three.map((writer) => writer.chain)).size).toBe(3);
    await Promise.all(three.flatMap((audit, w) => Array.from({ length: 40 }, (_, i) => audit.record({ action: 'request.denied', outcome: 'denied', reason: `w${w}-${i}`, requestId: `w${w}-${i}` }))));
    for (const writer of three) {
      const chain = await auditEvents.find({ chain: writer.chain }).sort({ seq: 1 }).toArray();
      expect(chain.map((event) => event.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
      // The first event names the writer, recorded at start.
      expect(chain[0]).toMatchObject({ action: 'audit.chain_start', actor: expect.stringMatching(/pid \d+/) });
      expect(writer.head()).toEqual({ seq: 41, hash: chain.at(-1)!.hash });
    }
    expect(new Set((await auditEvents.find({ action: 'request.denied' }).toArray()).map((event) => event.reason)).size).toBe(120);
    expect(counters.counts).toEqual({ stored: 123, retried: 0, failed: 0 });
    expect(await auditChains.countDocuments({})).toBe(3);

    await Promise.all(three.map((writer) => writer.publishHead()));
    const checkpoint = await writeCheckpoint({ auditEvents, auditChains }, quietLog);
    expect(checkpoint?.heads.map((head) => head.seq)).toEqual([41, 41, 41]);
    expect(await writeCheckpoint({ auditEvents, auditChains }, quietLog)).toBeNull(); // nothing moved since
    expect(await verifyAuditChain(auditEvents, auditChains)).toMatchObject({ ok: true, checked: 124, chains: 4, unbound: 0, checkpoint: { seq: 1 } });
  });

  it('fails the record when the database cannot take it, counts it, and goes on unbroken once it is back', async () => {
    const target = proxiableUri(uri)!;
    const proxy = await startTcpProxy(target);
    try {
      const counters = countedWrites();
      const audit = await newWriter({ counters, uri: target.rewrite(proxy.port), attempts: 3, retryDelayMs: 20, retryWithinMs: 10_000 });
      await audit.record({ action: 'token.use', outcome: 'success', requestId: 'before' });
      await proxy.cut();
      await expect(audit.record({ action: 'token.use', outcome: 'success', requestId: 'during' })).rejects.toThrow();
      expect(counters.counts).toMatchObject({ failed: 1, retried: 2 });
      expect(await auditEvents.countDocuments({ requestId: 'during' })).toBe(0);
      await proxy.restore();
      await audit.record({ action: 'token.use', outcome: 'success', requestId: 'after' });
      const chain = await auditEvents.find({ chain: audit.chain }).sort({ seq: 1 }).toArray();
      expect(chain.map((event) => event.requestId ?? event.action)).toEqual(['audit.chain_start', 'before', 'after']);
      expect(await verifyAuditChain(auditEvents, auditChains)).toMatchObject({ ok: true, checked: 3 });
    } finally {
      await proxy.close();
    }
  });
});
