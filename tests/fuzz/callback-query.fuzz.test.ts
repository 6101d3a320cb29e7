/**
 * T30 (SECURITY.md): malformed input. Property-based fuzzing of the callback's query string:
 * thousands of arbitrary queries — known and unknown keys, repeated keys, odd encodings, huge and
 * non-ASCII values, a state that was already used — never get a 5xx and never change stored state.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../testkit/stack/test-stack.js';
import { trimAuditTrail } from '../../testkit/fuzz/audit-trail.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

let stack: TestStack;
let usedState: string;
let usedCode: string;
beforeAll(async () => {
  stack = await startTestStack({ env: { LOG_LEVEL: 'warn' } });
  const callback = await stack.authorizeAtSandbox(await stack.tokenFor('fuzz-owner'));
  expect((await stack.get(callback)).status).toBe(303);
  usedState = callback.searchParams.get('state')!;
  usedCode = callback.searchParams.get('code')!;
  // A begun authorization that fuzzing must never consume (its state is never guessed).
  await stack.authorizeAtSandbox(await stack.tokenFor('fuzz-waiting'));
});
afterAll(() => stack?.close());

async function storedState() {
  const [connections, pending] = await Promise.all(['connections', 'pending_authorizations'].map((name) => stack.db.collection(name).find({}).sort({ _id: 1 }).toArray()));
  return JSON.stringify({ connections, pending });
}

const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', 'access_denied', 'invalid_request', 'https://evil.example', 'null', '%', '%zz', '%00', '\u0000', '../../', '<script>', '[]', '{}'),
  fc.constant(null).map(() => usedState),
  fc.constant(null).map(() => usedCode),
  fc.constant(null).map(() => stack.sandbox.issuer),
  fc.nat({ max: 9000 }).map((n) => 'x'.repeat(n)),
);
const key = fc.oneof(fc.constantFrom('state', 'code', 'error', 'error_description', 'iss', 'state[]', 'State', 'returnUrl', '__proto__', 'constructor'), fc.string({ maxLength: 12 }));
const structured = fc.array(fc.tuple(key, value), { maxLength: 8 }).map((pairs) => {
  const params = new URLSearchParams();
  for (const [k, v] of pairs) params.append(k, v);
  return params.toString();
});
const raw = fc.string({ unit: 'binary', maxLength: 200 }); // sent as written, the URL parser encodes what it must

it('never answers 5xx and never changes stored state, whatever the callback query', { timeout: 120_000 }, async () => {
  const before = await storedState();
  const statuses = new Map<number, number>();
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.oneof(structured, raw), async (query) => {
      if (++run % 100 === 0) await trimAuditTrail(stack);
      const answer = await fetch(`${stack.service.url}/auth/healthex/callback?${query}`, { redirect: 'manual' });
      await answer.arrayBuffer();
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      expect(answer.status).toBeLessThan(500);
      expect(answer.headers.get('location')).toBeNull(); // no way anywhere without a live state
    }),
    { numRuns: RUNS },
  );
  expect(await storedState()).toEqual(before);
  console.log(`callback fuzz: ${RUNS} queries, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
});
