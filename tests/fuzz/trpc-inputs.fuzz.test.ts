/**
 * T30 (SECURITY.md): malformed input. Property-based fuzzing of the tRPC API: arbitrary inputs,
 * bodies, content types, batch paths and credentials, thousands of requests. Never a 5xx; invalid
 * input never changes stored state (no pending authorization, no connection touched).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { beginInput } from '../../server/connections/connection-service.js';
import { startTestStack, TEST_ORIGIN, type TestStack } from '../../testkit/stack/test-stack.js';
import { trimAuditTrail } from '../../testkit/fuzz/audit-trail.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

let stack: TestStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack({ env: { LOG_LEVEL: 'warn' } });
  token = await stack.tokenFor('fuzz-api');
  expect((await stack.get(await stack.authorizeAtSandbox(token))).status).toBe(303); // an authorized connection to protect
});
afterAll(() => stack?.close());

async function storedState() {
  const [connections, pending] = await Promise.all(['connections', 'pending_authorizations'].map((name) => stack.db.collection(name).find({}).sort({ _id: 1 }).toArray()));
  return JSON.stringify({ connections, pending });
}

/** Anything that is not a valid begin input: JSON values, near-misses of the real shape, raw text. */
const invalidBeginBody = fc
  .oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.record({ returnUrl: fc.oneof(fc.string(), fc.webUrl(), fc.jsonValue()), mode: fc.oneof(fc.string(), fc.constantFrom('popup', 'redirect', 'POPUP')) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    fc.record({ returnUrl: fc.webUrl(), mode: fc.constantFrom('popup', 'redirect'), extra: fc.jsonValue() }).map((v) => JSON.stringify(v)),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.constantFrom('', '{', 'null', '[]', '{"__proto__":{"admin":true}}', '{"0":{"returnUrl":"https://app.salus.test/"}}', '\u0000'.repeat(10)),
  )
  .filter((body) => {
    try {
      return !beginInput.safeParse(JSON.parse(body)).success;
    } catch {
      return true;
    }
  });

const contentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json; charset=utf-16');

it('begin with invalid input: always 4xx, never a pending authorization', { timeout: 120_000 }, async () => {
  const before = await storedState();
  let run = 0;
  await fc.assert(
    fc.asyncProperty(invalidBeginBody, contentType, fc.boolean(), async (body, type, batch) => {
      if (++run % 100 === 0) await trimAuditTrail(stack);
      const path = batch ? 'connection.begin?batch=1' : 'connection.begin';
      const answer = await fetch(`${stack.service.url}/trpc/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN, ...(type ? { 'content-type': type } : {}) },
        body: batch ? `{"0":${body}}` : body,
      });
      const text = await answer.text();
      expect([answer.status, text]).toEqual([expect.any(Number), expect.any(String)]);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }),
    { numRuns: Math.ceil(RUNS / 2) },
  );
  expect(await storedState()).toEqual(before);
});

const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
const procedure = fc.oneof(
  fc.constantFrom('connection.status', 'connection.begin', 'connection.confirm', 'connection.disconnect', 'connection', '', 'connection.status,connection.confirm', 'connection.begin,connection.begin', '__proto__', 'connection.constructor'),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
);
/** The token with one signature character changed (a full-data position, not padding bits). */
function forgedSignature(jwt: string): string {
  const [header, payload, signature = ''] = jwt.split('.');
  return `${header}.${payload}.${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
}

/** Credentials that are not this user's valid token from an allowed page: so no request is a valid one. */
const badCredential = fc.oneof(
  fc.constant({}),
  fc.string({ maxLength: 80 }).map((s) => ({ authorization: `Bearer ${encodeURIComponent(s)}` })),
  fc.constant(null).map(() => ({ authorization: `Bearer ${token}`, origin: 'https://evil.example' })),
  fc.constant(null).map(() => ({ authorization: `Bearer ${forgedSignature(token)}` })),
  fc.constant(null).map(() => ({ authorization: `Basic ${token}` })),
  fc.constant(null).map(() => ({ authorization: `Bearer ${token.split('.').reverse().join('.')}` })),
);

it('any procedure, method and body with a bad credential: never 5xx, nothing changes', { timeout: 120_000 }, async () => {
  const before = await storedState();
  let run = 0;
  await fc.assert(
    fc.asyncProperty(method, procedure, badCredential, fc.option(fc.jsonValue().map((v) => JSON.stringify(v))), fc.boolean(), async (verb, path, credential, body, batch) => {
      if (++run % 100 === 0) await trimAuditTrail(stack);
      const query = verb === 'GET' && body !== null ? `?${batch ? 'batch=1&' : ''}input=${encodeURIComponent(body)}` : batch ? '?batch=1' : '';
      const answer = await fetch(`${stack.service.url}/trpc/${path}${query}`, {
        method: verb,
        headers: { 'content-type': 'application/json', ...credential },
        ...(body !== null && !['GET', 'HEAD'].includes(verb) ? { body } : {}),
      });
      await answer.arrayBuffer();
      expect(answer.status).toBeLessThan(500);
    }),
    { numRuns: Math.ceil(RUNS / 2) },
  );
  expect(await storedState()).toEqual(before);
});

it('the status query with arbitrary input: never 5xx', { timeout: 60_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (input) => {
      const answer = await fetch(`${stack.service.url}/trpc/connection.status?input=${encodeURIComponent(input)}`, { headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN } });
      await answer.arrayBuffer();
      expect(answer.status).toBeLessThan(500);
    }),
    { numRuns: Math.ceil(RUNS / 4) },
  );
});
