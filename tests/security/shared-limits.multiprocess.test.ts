/**
 * T22 (SECURITY.md): two service processes — separate Node processes (`server/main.ts`) — on one database
 * share one begin limit: a client alternating between them gets the limit once, not twice. With the
 * in-memory store (RATE_LIMIT_STORE=memory) each process counts alone, which is what the shared
 * store is for. Both processes write the one audit hash chain meanwhile, and it stays unbroken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { verifyAuditChain } from '../../server/audit/verify-audit-chain.js';
import { collectionsOf } from '../../server/db/collections.js';
import { spawnServiceProcess, type ServiceProcess } from '../../testkit/processes/service-process.js';
import { startTestStack, TEST_ORIGIN, TEST_RETURN_URL, type TestStack } from '../../testkit/stack/test-stack.js';

let stack: TestStack;
const processes: ServiceProcess[] = [];
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await Promise.all(processes.map((service) => service.stop()));
  await stack?.close();
});

/** Two processes with the test stack's configuration and database, and a begin limit of 4. */
async function twoProcesses(env: Record<string, string>): Promise<ServiceProcess[]> {
  // LOG_LEVEL info: the launcher reads the URL from the "listening" line; warn lines (each refusal) are kept in memory only.
  const processEnv = { ...stack.env, MONGODB_URI: inject('mongodbUri'), PORT: '0', METRICS_PORT: 'off', LOG_LEVEL: 'info', RATE_LIMIT_BEGIN_PER_MINUTE: '4', TRUST_PROXY: 'true', ...env };
  const started = await Promise.all([0, 1].map(() => spawnServiceProcess({ env: processEnv, startTimeoutMs: 60_000 })));
  processes.push(...started);
  return started;
}

async function beginAt(service: ServiceProcess, token: string, client: string): Promise<number> {
  const answer = await fetch(`${service.url}/trpc/connection.begin`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN, 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify({ returnUrl: TEST_RETURN_URL, mode: 'popup' }),
  });
  return answer.status;
}

describe('T22 one limit across processes', () => {
  it('two service processes on one database allow a client the limit once between them', { timeout: 150_000 }, async () => {
    const [a, b] = await twoProcesses({});
    expect(a!.child.pid).not.toBe(b!.child.pid);
    const token = await stack.tokenFor('two-process-tia');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) statuses.push(await beginAt(i % 2 === 0 ? a! : b!, token, '203.0.113.50'));
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);
    expect(await stack.db.collection('pending_authorizations').countDocuments({ userSub: 'two-process-tia' })).toBe(4);
    // Concurrent requests to both at once still add up to one limit (the count is one atomic update).
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => beginAt(i % 2 === 0 ? a! : b!, token, '203.0.113.51')));
    expect(burst.filter((status) => status === 200)).toHaveLength(4);
    expect(burst.filter((status) => status === 429)).toHaveLength(8);
    // Both processes wrote audit events into one trail at the same time: still one unbroken chain (T35).
    const chain = await verifyAuditChain(collectionsOf(stack.db).auditEvents);
    expect(chain).toMatchObject({ ok: true, firstSeq: 1 });
    expect(chain.checked).toBeGreaterThanOrEqual(8 + 2); // 8 begins and at least one refusal per process
  });

  it('with the in-memory store each process counts alone (twice the limit between two)', { timeout: 150_000 }, async () => {
    const [a, b] = await twoProcesses({ RATE_LIMIT_STORE: 'memory' });
    const token = await stack.tokenFor('two-process-mo');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push(await beginAt(i % 2 === 0 ? a! : b!, token, '203.0.113.60'));
    expect(statuses.filter((status) => status === 200)).toHaveLength(8);
  });
});
