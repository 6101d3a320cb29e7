/**
 * T22, T32 (SECURITY.md): the begin limit counted by the procedure tRPC resolves and per call —
 * an encoded spelling and every call of a batch count — and oversized batches refused before any
 * call runs. Each test is its own client (TRUST_PROXY and a distinct X-Forwarded-For), so their
 * budgets do not mix; the counts live in MongoDB (the default store).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TEST_ORIGIN, TEST_RETURN_URL, type TestStack } from '../../testkit/stack/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ env: { TRUST_PROXY: 'true', RATE_LIMIT_BEGIN_PER_MINUTE: '3', TRPC_MAX_BATCH_SIZE: '10' } });
});
afterAll(() => stack?.close());

const beginInput = { returnUrl: TEST_RETURN_URL, mode: 'popup' };
const pendingFor = (sub: string) => stack.db.collection('pending_authorizations').countDocuments({ userSub: sub });
const eventsFor = (filter: Record<string, unknown>) => stack.db.collection('audit_events').countDocuments(filter);

function post(path: string, client: string, token: string, body: unknown) {
  return fetch(`${stack.service.url}/trpc/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN, 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify(body),
  });
}

/** A batch of `count` begin calls in one request. */
function beginBatch(client: string, token: string, count: number) {
  const paths = Array.from({ length: count }, () => 'connection.begin').join(',');
  const body = Object.fromEntries(Array.from({ length: count }, (_, index) => [index, beginInput]));
  return post(`${paths}?batch=1`, client, token, body);
}

describe('T22 the begin limit cannot be walked around', () => {
  it('limits an encoded spelling of connection.begin like the plain one: they share one budget', async () => {
    const client = '198.51.100.10';
    const token = await stack.tokenFor('encoded-eve');
    const spellings = ['connection%2Ebegin', 'connection%2ebegin', '%63onnection.begin', 'connection.begin', 'connection%2Ebegin'];
    const statuses = [];
    for (const path of spellings) statuses.push((await post(path, client, token, beginInput)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await post('connection%2Ebegin', client, token, beginInput);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: { data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, appCode: 'RATE_LIMITED' } } });
    // The plain begin link shares the budget, under any spelling the router would serve.
    for (const path of ['/auth/healthex', '/auth/%68ealthex', '/AUTH/HealthEx/']) {
      const link = await stack.get(`${stack.service.url}${path}?token=${token}&returnUrl=${encodeURIComponent(TEST_RETURN_URL)}`, { headers: { 'x-forwarded-for': client } });
      expect({ path, status: link.status }).toEqual({ path, status: 429 });
    }
    expect(await pendingFor('encoded-eve')).toBe(3);
    expect(await eventsFor({ action: 'request.denied', reason: 'rate_limited:begin' })).toBeGreaterThanOrEqual(1);
  });

  it('counts every call of a batch of begins: 3 of 5 run, 2 get RATE_LIMITED, and the budget is then spent', async () => {
    const client = '198.51.100.11';
    const token = await stack.tokenFor('batch-bob');
    const answer = await beginBatch(client, token, 5);
    expect(answer.status).toBe(207); // tRPC's status for a batch with mixed outcomes
    expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    const results = (await answer.json()) as Array<{ result?: unknown; error?: { data: { appCode: string; httpStatus: number } } }>;
    expect(results).toHaveLength(5);
    expect(results.filter((entry) => entry.result !== undefined)).toHaveLength(3);
    expect(results.filter((entry) => entry.error?.data.appCode === 'RATE_LIMITED' && entry.error.data.httpStatus === 429)).toHaveLength(2);
    expect(await pendingFor('batch-bob')).toBe(3);
    expect(await eventsFor({ action: 'authorization.begin', userSub: 'batch-bob' })).toBe(3);

    const next = await post('connection.begin', client, token, beginInput);
    expect(next.status).toBe(429);
    // Another client's budget is untouched, and other procedures are not limited.
    expect((await post('connection.begin', '198.51.100.12', token, beginInput)).status).toBe(200);
    const status = await fetch(`${stack.service.url}/trpc/connection.status`, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client } });
    expect(status.status).toBe(200);
  });

  it('limits unauthenticated begins too (the limit runs before the connect token is checked)', async () => {
    const client = '198.51.100.13';
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await post('connection.begin', client, 'not-a-token', beginInput)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('T32 oversized batches', () => {
  it('refuses a batch over TRPC_MAX_BATCH_SIZE with 400 INVALID_INPUT before any call runs: no begin, no per-call audit event, no budget spent', async () => {
    const client = '198.51.100.20';
    const token = await stack.tokenFor('huge-batch-hal');
    const before = await stack.db.collection('audit_events').countDocuments({});
    const answer = await beginBatch(client, token, 40); // 40 calls, well inside the body limit
    expect(answer.status).toBe(400);
    const body = JSON.stringify(await answer.json());
    expect(body).toContain('"appCode":"INVALID_INPUT"');
    expect(body).not.toMatch(/at .+\.(ts|js):\d+/);
    expect(await pendingFor('huge-batch-hal')).toBe(0);
    // The refusal itself is the one event the request leaves; nothing ran, so nothing else was written.
    const written = await stack.db.collection('audit_events').find({}).skip(before).toArray();
    expect(written.map((event) => [event['action'], event['reason']])).toEqual([['request.denied', 'batch_too_large']]);
    expect(await stack.db.collection('rate_limits').countDocuments({ key: `begin:${client}` })).toBe(0);

    // A batch at the limit is served: here ten status calls without a token, ten 401 answers.
    const unauthenticated = await fetch(`${stack.service.url}/trpc/${Array.from({ length: 10 }, () => 'connection.status').join(',')}?batch=1&input={}`, { headers: { 'x-forwarded-for': client } });
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toHaveLength(10);
  });
});
