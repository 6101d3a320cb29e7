/**
 * T28 (SECURITY.md, HIPAA §164.312(c)(1) integrity and availability): the database goes away while
 * the service runs. Requests answer 503 with a clear error within a bounded time, /readyz fails,
 * nothing is half-written, and the service recovers by itself when the database is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ISSUER, TEST_ORIGIN, TEST_RETURN_URL } from '../../testkit/stack/test-stack.js';
import { startFaultStack, type FaultStack } from '../../testkit/faults/fault-stack.js';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack();
});
afterAll(() => stack?.close());

/** Everything but the audit trail (which may legitimately miss events it could not write). */
async function snapshot() {
  const [connections, pending] = await Promise.all(['connections', 'pending_authorizations'].map((name) => stack.db.collection(name).find({}).sort({ _id: 1 }).toArray()));
  return { connections, pending };
}

function trpc(path: string, token: string, body?: unknown) {
  return fetch(`${stack.service.url}/trpc/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function waitUntilReady(timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if ((await fetch(`${stack.service.url}/readyz`)).status === 200) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not ready after ${timeoutMs} ms`);
}

describe('T28 the database goes away mid-run', () => {
  it('answers 503 quickly and clearly, writes nothing half-way, and recovers on its own', { timeout: 60_000 }, async () => {
    const alice = await stack.tokenFor('outage-alice');
    expect((await stack.get(await stack.authorize('outage-alice', 'patient-alice'))).status).toBe(303);
    await stack.api(alice).connection.confirm.mutate();
    const aliceAccess = [...stack.healthex.tokens.entries()].find(([, t]) => t.patient === 'patient-alice')![0];
    const bobCallback = await stack.authorize('outage-bob', 'patient-bob'); // Bob is at HealthEx when the database goes
    const before = await snapshot();

    await stack.proxy.cut();
    const started = Date.now();
    const timed = async <T>(work: Promise<T>) => ({ value: await work, ms: Date.now() - started });
    const [readyz, healthz, status, begin, confirm, disconnect, callback, link] = await Promise.all([
      timed(fetch(`${stack.service.url}/readyz`)),
      timed(fetch(`${stack.service.url}/healthz`)),
      timed(trpc('connection.status', alice)),
      timed(trpc('connection.begin', await stack.tokenFor('outage-carol'), { returnUrl: TEST_RETURN_URL, mode: 'popup' })),
      timed(trpc('connection.confirm', alice, {})),
      timed(trpc('connection.disconnect', alice, {})),
      timed(stack.get(bobCallback)),
      timed(stack.get(`${stack.service.url}/auth/healthex?token=${await stack.tokenFor('outage-dave')}&returnUrl=${encodeURIComponent(TEST_RETURN_URL)}`)),
    ]);

    expect(readyz.value.status).toBe(503);
    expect(await readyz.value.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
    expect(healthz.value.status).toBe(200); // alive: do not restart the process, wait for the database
    for (const answer of [status, begin, confirm, disconnect]) {
      expect(answer.value.status).toBe(503);
      expect(await answer.value.json()).toMatchObject({ error: { message: 'The service is temporarily unavailable. Please try again shortly.', data: { appCode: 'SERVICE_UNAVAILABLE', httpStatus: 503 } } });
    }
    for (const page of [callback, link]) {
      expect(page.value.status).toBe(503);
      expect(page.value.headers.get('content-type')).toContain('text/html');
      expect(await page.value.text()).toContain('temporarily unavailable');
    }
    for (const answer of [readyz, healthz, status, begin, confirm, disconnect, callback, link]) expect(answer.ms).toBeLessThan(8_000);

    // Nothing half-written: every document as it was, Alice's tokens neither erased nor revoked.
    expect(await snapshot()).toEqual(before);
    expect(stack.healthex.tokens.get(aliceAccess)!.active).toBe(true);

    await stack.proxy.restore();
    const recoveredIn = await waitUntilReady(15_000);
    console.log(`recovered ${recoveredIn} ms after the database came back`);
    expect((await stack.api(alice).connection.status.query()).state).toBe('connected');
    // Bob's sign-in was not consumed by the failed attempt: the same link now works.
    expect((await stack.get(bobCallback)).status).toBe(303);
    expect((await stack.api(await stack.tokenFor('outage-bob')).connection.status.query()).state).toBe('authorized');
    expect((await stack.api(alice).connection.disconnect.mutate()).state).toBe('not_connected');
    expect(stack.healthex.tokens.get(aliceAccess)!.active).toBe(false);
  });

  it('a database that goes silent (a partition, connections left open): 503 within the socket timeout, then recovery', { timeout: 60_000 }, async () => {
    const token = await stack.tokenFor('partition-user');
    expect((await stack.get(await stack.authorize('partition-user', 'patient-partition'))).status).toBe(303);
    const before = await snapshot();
    stack.proxy.hang();
    try {
      const started = Date.now();
      const [status, readyz, again] = await Promise.all([
        trpc('connection.status', token),
        fetch(`${stack.service.url}/readyz`),
        trpc('connection.confirm', token, {}),
      ]);
      const elapsed = Date.now() - started;
      expect(status.status).toBe(503);
      expect(again.status).toBe(503);
      expect(readyz.status).toBe(503);
      // What bounds it is the configured timeouts (fault-stack.ts: 2 s socket and connect timeout, 1 s
      // server selection), not a hang: the driver retries a read or write once, and an attempt that
      // needs a fresh connection to the silent server waits out the connect timeout before the socket
      // one. Measured 6.3–8.4 s depending on which request gets a fresh connection; a hang would
      // run into the driver's defaults (30 s) or forever.
      console.log(`silent database: 503 after ${elapsed} ms`);
      expect(elapsed).toBeLessThan(2 * (2_000 + 2_000) + 1_000 + 3_000);
    } finally {
      await stack.proxy.restore();
    }
    await waitUntilReady(15_000);
    expect(await snapshot()).toEqual(before);
    expect((await stack.api(token).connection.confirm.mutate()).state).toBe('connected');
  });

  it('when the database goes between the token exchange and storing the tokens, revokes them and lets the user start again', { timeout: 60_000 }, async () => {
    const callback = await stack.authorize('outage-mid', 'patient-mid');
    stack.healthex.beforeToken = () => stack.proxy.cut();
    const answer = await stack.get(callback);
    stack.healthex.beforeToken = null;
    expect(answer.status).toBe(503);
    expect(await answer.text()).toContain('temporarily unavailable');
    await stack.proxy.restore();
    await waitUntilReady(15_000);

    // The tokens HealthEx issued are stored nowhere, so they must not stay alive there either.
    const issued = [...stack.healthex.tokens.entries()].filter(([, t]) => t.patient === 'patient-mid');
    expect(issued.length).toBe(2);
    for (const [, token] of issued) expect(token.active).toBe(false);
    expect(await stack.db.collection('connections').countDocuments({ userSub: 'outage-mid' })).toBe(0);

    expect((await stack.get(await stack.authorize('outage-mid', 'patient-mid'))).status).toBe(303);
    expect(await stack.db.collection('connections').findOne({ userIss: TEST_ISSUER, userSub: 'outage-mid' })).toMatchObject({ state: 'authorized' });
  });
});
