/**
 * What tRPC's adapter, mounted by trpc-route.ts, answers on the wire: the envelope (`result.data`,
 * or `error` with `data.appCode` and `data.httpStatus`, one entry per call in a batch), the status
 * codes, `Vary: Origin` and `Cache-Control: no-store` on every answer, nothing internal in a body,
 * and the audit event each refused request leaves (with the user when the token named one).
 */
import { request } from 'node:http';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUser } from '../../testkit/stack/connected-users.js';
import { startTestStack, TEST_ISSUER, TEST_ORIGIN, type TestStack } from '../../testkit/stack/test-stack.js';

let stack: TestStack;
let tokens: Record<'valid' | 'notConnected' | 'expired' | 'badSignature' | 'wrongAudience', string>;

beforeAll(async () => {
  stack = await startTestStack();
  const ava = await connectUser(stack, 'wire-ava', 'ava@sandbox.healthex.test');
  const now = Math.floor(Date.now() / 1000);
  const claims = () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(TEST_ISSUER).setSubject('wire-ava').setAudience('healthex-connect');
  tokens = {
    valid: ava.connectToken,
    notConnected: await stack.tokenFor('wire-nobody'),
    expired: await claims().setIssuedAt(now - 400).setExpirationTime(now - 100).sign(stack.issuerSecret),
    badSignature: await claims().setIssuedAt(now).setExpirationTime(now + 300).sign(new Uint8Array(32).fill(7)),
    wrongAudience: await stack.tokenFor('wire-ava', { audience: 'someone-else' }),
  };
});
afterAll(async () => {
  await stack?.close();
});

interface Case {
  name: string;
  method?: string;
  path: string;
  token?: keyof typeof tokens | 'garbage' | null;
  origin?: string | null;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  /** The answer's body: `result.data` matched as given, or the error's appCode (per call, for a batch). */
  answer: { data: unknown } | { appCode: string } | Array<{ data: unknown } | { appCode: string }> | 'jsonl';
  /** The audit events the request left, as `action outcome reason user-sub` (none for most successes). */
  audit?: string[];
}

const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));
const denied = (reason: string, sub = 'wire-ava') => `request.denied denied ${reason} ${sub}`;

const CASES: Case[] = [
  // Success.
  { name: 'connection.status', path: '/trpc/connection.status', status: 200, answer: { data: expect.objectContaining({ state: 'connected' }) } },
  { name: 'connection.status without an Origin (server to server)', path: '/trpc/connection.status', origin: null, status: 200, answer: { data: expect.objectContaining({ state: 'connected' }) } },
  { name: 'connection.status, not connected', path: '/trpc/connection.status', token: 'notConnected', status: 200, answer: { data: expect.objectContaining({ state: 'not_connected' }) } },
  { name: 'activity.log with input', path: `/trpc/activity.log?input=${q({ limit: 2 })}`, status: 200, answer: { data: expect.objectContaining({ events: expect.any(Array) }) } },
  { name: 'records.summary, not connected', path: '/trpc/records.summary', token: 'notConnected', status: 409, answer: { appCode: 'NOT_CONNECTED' } },
  // Identity and origin: refused by the `authed` procedure, recorded by authorizeRequest.
  { name: 'missing token', path: '/trpc/connection.status', token: null, status: 401, answer: { appCode: 'UNAUTHENTICATED' }, audit: [denied('missing', '-')] },
  { name: 'garbage token', path: '/trpc/connection.status', token: 'garbage', status: 401, answer: { appCode: 'UNAUTHENTICATED' }, audit: [denied('malformed', '-')] },
  { name: 'bad signature', path: '/trpc/activity.log', token: 'badSignature', status: 401, answer: { appCode: 'UNAUTHENTICATED' }, audit: [denied('bad_signature', '-')] },
  { name: 'expired token', path: '/trpc/connection.status', token: 'expired', status: 401, answer: { appCode: 'UNAUTHENTICATED' }, audit: [denied('expired', '-')] },
  { name: 'wrong audience', path: '/trpc/connection.status', token: 'wrongAudience', status: 401, answer: { appCode: 'UNAUTHENTICATED' }, audit: [denied('wrong_audience', '-')] },
  { name: 'disallowed origin', path: '/trpc/connection.status', origin: 'https://evil.example', status: 403, answer: { appCode: 'ORIGIN_NOT_ALLOWED' }, audit: [denied('origin_not_allowed')] },
  // Malformed requests: refused by tRPC, recorded by trpc-route.ts (with the user the token names).
  { name: 'input not JSON', path: '/trpc/activity.log?input=not-json', status: 400, answer: { appCode: 'INVALID_INPUT' }, audit: [denied('invalid_request:bad_request')] },
  { name: 'input out of range', path: `/trpc/activity.log?input=${q({ limit: 0 })}`, status: 400, answer: { appCode: 'INVALID_INPUT' }, audit: [denied('invalid_request:bad_request')] },
  { name: 'input with an unknown key', path: `/trpc/activity.log?input=${q({ limit: 1, extra: true })}`, status: 400, answer: { appCode: 'INVALID_INPUT' }, audit: [denied('invalid_request:bad_request')] },
  { name: 'unknown procedure', path: '/trpc/connection.nope', status: 404, answer: { appCode: 'INVALID_INPUT' }, audit: [denied('invalid_request:not_found')] },
  { name: 'unknown procedure, no token', path: '/trpc/nope', token: null, status: 404, answer: { appCode: 'INVALID_INPUT' }, audit: [denied('invalid_request:not_found', '-')] },
  { name: 'mutation over GET', path: '/trpc/connection.disconnect', status: 405, answer: { appCode: 'INVALID_INPUT' }, audit: [denied('invalid_request:method_not_supported')] },
  { name: 'query over POST', method: 'POST', path: '/trpc/connection.status', headers: { 'content-type': 'application/json' }, body: '{}', status: 405, answer: { appCode: 'INVALID_INPUT' }, audit: [denied('invalid_request:method_not_supported')] },
  { name: 'a body that is not JSON', method: 'POST', path: '/trpc/connection.begin', headers: { 'content-type': 'application/json' }, body: '{', status: 400, answer: { appCode: 'INVALID_INPUT' }, audit: [denied('invalid_request:bad_request')] },
  { name: 'a body that is not JSON by its type', method: 'POST', path: '/trpc/connection.begin', headers: { 'content-type': 'text/plain' }, body: 'hello', status: 415, answer: { appCode: 'INVALID_INPUT' }, audit: [denied('invalid_request:unsupported_media_type', '-')] }, // refused before the context exists
  { name: 'a declared body over the limit, on a procedure without input', method: 'POST', path: '/trpc/connection.confirm', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'a'.repeat(20_000) }), status: 413, answer: { appCode: 'INVALID_INPUT' }, audit: [denied('invalid_request:payload_too_large', '-')] }, // refused before the context exists
  // Batches: one entry per call.
  { name: 'batch of two', path: `/trpc/connection.status,activity.log?batch=1&input=${q({ 1: { limit: 1 } })}`, status: 200, answer: [{ data: expect.objectContaining({ state: 'connected' }) }, { data: expect.objectContaining({ events: expect.any(Array) }) }] },
  { name: 'batch with an error', path: '/trpc/connection.status,records.summary?batch=1', token: 'notConnected', status: 207, answer: [{ data: expect.objectContaining({ state: 'not_connected' }) }, { appCode: 'NOT_CONNECTED' }] },
  { name: 'batch without a token', path: '/trpc/connection.status,activity.log?batch=1', token: null, status: 401, answer: [{ appCode: 'UNAUTHENTICATED' }, { appCode: 'UNAUTHENTICATED' }], audit: [denied('missing', '-'), denied('missing', '-')] },
  { name: 'streaming (JSON lines) batch', path: '/trpc/connection.status?batch=1', headers: { 'trpc-accept': 'application/jsonl' }, status: 200, answer: 'jsonl' },
];

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(c: Case, requestId: string): Promise<Answer> {
  const token = c.token === undefined ? tokens.valid : c.token === null ? null : c.token === 'garbage' ? 'not.a.jwt' : tokens[c.token];
  const origin = c.origin === undefined ? TEST_ORIGIN : c.origin;
  const headers: Record<string, string> = {
    'x-request-id': requestId,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(origin ? { origin } : {}),
    ...c.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(`${stack.service.url}${c.path}`, { method: c.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(c.body);
  });
}

type Envelope = { result: { data: unknown } } | { error: { message: string; code: number; data: { code: string; httpStatus: number; appCode: string } } };

/** One call's answer in the shape the table gives, after checking the envelope around it. */
function readEnvelope(envelope: Envelope, status: number): { data: unknown } | { appCode: string } {
  if ('result' in envelope) {
    expect(Object.keys(envelope)).toEqual(['result']);
    return { data: envelope.result.data };
  }
  expect(Object.keys(envelope)).toEqual(['error']);
  expect(Object.keys(envelope.error).sort()).toEqual(['code', 'data', 'message']);
  expect(Object.keys(envelope.error.data).sort()).toEqual(['appCode', 'code', 'httpStatus']);
  expect(typeof envelope.error.code).toBe('number');
  expect(typeof envelope.error.message).toBe('string');
  if (status !== 207) expect(envelope.error.data.httpStatus).toBe(status);
  return { appCode: envelope.error.data.appCode };
}

const auditOf = async (requestId: string) =>
  (await stack.db.collection('audit_events').find({ requestId }).toArray()).map((e) => `${e['action']} ${e['outcome']} ${e['reason']} ${e['userSub'] ?? '-'}`).sort();

describe('tRPC over HTTP', () => {
  it.each(CASES.map((c, index) => [c.name, c, index] as const))('%s', async (_name, c, index) => {
    const requestId = `wire-case-${index}`;
    const answer = await send(c, requestId);
    expect([answer.status, answer.body]).toEqual([c.status, expect.any(String)]);
    // Every answer, success or refusal: never cached, and varying by the calling page's origin.
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(String(answer.headers['vary']).split(/,\s*/)).toContain('Origin');
    expect(answer.headers['x-request-id']).toBe(requestId);
    expect(answer.body).not.toMatch(/stack|at .*\.ts:|node_modules/i);

    if (c.answer === 'jsonl') {
      // tRPC's streaming format: one JSON value a line, the procedure's answer among them.
      const lines = answer.body.trim().split('\n');
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      expect(answer.body).toContain('"state":"connected"');
    } else {
      const json = JSON.parse(answer.body) as Envelope | Envelope[];
      const read = Array.isArray(json) ? json.map((entry) => readEnvelope(entry, answer.status)) : readEnvelope(json, answer.status);
      expect(read).toEqual(c.answer);
    }

    // Some audit events are written after the answer: wait for the expected ones, then for strays.
    const expected = [...(c.audit ?? [])].sort();
    await expect.poll(() => auditOf(requestId), { timeout: 2_000 }).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await auditOf(requestId)).toEqual(expected);
  });

  it('answers a CORS preflight for the widget origin, and leaves the API uncacheable for other origins too', async () => {
    const preflight = await fetch(`${stack.service.url}/trpc/connection.status`, { method: 'OPTIONS', headers: { origin: TEST_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(preflight.headers.get('vary')).toContain('Origin');
  });
});
