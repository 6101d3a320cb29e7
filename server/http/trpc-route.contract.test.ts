/**
 * Contract: the tRPC query fast path (trpc-query-fast-path.ts) answers exactly as tRPC's own Node
 * adapter. The same requests go to the service (fast path on) and to a second app on the same
 * database with the fast path off; status, body and every header but the transport ones
 * (Content-Length vs chunked) must be identical, and so must the audit events each request left.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectApp } from '../app.js';
import { connectUser, type ConnectedUser } from '../../testkit/stack/connected-users.js';
import { createLogger } from '../logger.js';
import { startTestStack, TEST_ISSUER, TEST_ORIGIN, type TestStack } from '../../testkit/stack/test-stack.js';

let stack: TestStack;
let official: Server;
let officialUrl: string;
let ava: ConnectedUser;
let tokens: Record<'valid' | 'notConnected' | 'expired' | 'badSignature' | 'wrongAudience', string>;

beforeAll(async () => {
  stack = await startTestStack();
  const app = await createConnectApp({ config: stack.config, db: stack.db, log: createLogger('silent'), trpcFastQueries: false });
  official = createServer(app.app.callback());
  await new Promise<void>((resolve) => official.listen(0, '127.0.0.1', resolve));
  officialUrl = `http://127.0.0.1:${(official.address() as AddressInfo).port}`;
  ava = await connectUser(stack, 'contract-ava', 'ava@sandbox.healthex.test');
  const now = Math.floor(Date.now() / 1000);
  tokens = {
    valid: ava.connectToken,
    notConnected: await stack.tokenFor('contract-nobody'),
    expired: await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(TEST_ISSUER).setSubject('contract-ava').setAudience('healthex-connect').setIssuedAt(now - 400).setExpirationTime(now - 100).sign(stack.issuerSecret),
    badSignature: await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(TEST_ISSUER).setSubject('contract-ava').setAudience('healthex-connect').setIssuedAt(now).setExpirationTime(now + 300).sign(new Uint8Array(32).fill(7)),
    wrongAudience: await stack.tokenFor('contract-ava', { audience: 'someone-else' }),
  };
});
afterAll(async () => {
  await new Promise<void>((resolve) => official?.close(() => resolve()));
  official?.closeAllConnections();
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
  /** Answered by the fast path (the others fall through to the adapter). */
  fast?: true;
}

const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));

const CASES: Case[] = [
  // Success, every query procedure.
  { name: 'connection.status', path: '/trpc/connection.status', fast: true },
  { name: 'connection.status without an Origin (server to server)', path: '/trpc/connection.status', origin: null, fast: true },
  { name: 'connection.status, not connected', path: '/trpc/connection.status', token: 'notConnected', fast: true },
  { name: 'records.summary', path: '/trpc/records.summary', fast: true },
  { name: 'records.summary, not connected (409)', path: '/trpc/records.summary', token: 'notConnected', fast: true },
  { name: 'activity.log', path: '/trpc/activity.log', fast: true },
  { name: 'activity.log with input', path: `/trpc/activity.log?input=${q({ limit: 2 })}`, fast: true },
  { name: 'activity.log with an empty input', path: '/trpc/activity.log?input=', fast: true },
  { name: 'connection.status with an ignored input', path: `/trpc/connection.status?input=${q({ any: 1 })}`, fast: true },
  { name: 'activity.log with a repeated input (the first counts)', path: `/trpc/activity.log?input=${q({ limit: 1 })}&input=${q({ limit: 'x' })}`, fast: true },
  { name: 'an accepted Accept header', path: '/trpc/connection.status', headers: { accept: 'application/json' }, fast: true },
  // Identity and origin.
  { name: 'missing token', path: '/trpc/connection.status', token: null, fast: true },
  { name: 'missing token, records', path: '/trpc/records.summary', token: null, fast: true },
  { name: 'garbage token', path: '/trpc/connection.status', token: 'garbage', fast: true },
  { name: 'bad signature', path: '/trpc/activity.log', token: 'badSignature', fast: true },
  { name: 'expired token', path: '/trpc/connection.status', token: 'expired', fast: true },
  { name: 'wrong audience', path: '/trpc/connection.status', token: 'wrongAudience', fast: true },
  { name: 'not a Bearer header', path: '/trpc/connection.status', headers: { authorization: 'Basic abc' }, token: null, fast: true },
  { name: 'disallowed origin', path: '/trpc/connection.status', origin: 'https://evil.example', fast: true },
  { name: 'disallowed origin, activity', path: '/trpc/activity.log', origin: 'https://evil.example', fast: true },
  // Malformed input.
  { name: 'input not JSON', path: '/trpc/activity.log?input=not-json', fast: true },
  { name: 'input out of range', path: `/trpc/activity.log?input=${q({ limit: 0 })}`, fast: true },
  { name: 'input with an unknown key', path: `/trpc/activity.log?input=${q({ limit: 1, extra: true })}`, fast: true },
  { name: 'input of the wrong type', path: `/trpc/activity.log?input=${q('twenty')}`, fast: true },
  { name: 'input not JSON, no token', path: '/trpc/activity.log?input=%7B', token: null, fast: true },
  // Unknown paths, wrong methods, batches, other request shapes (the adapter answers these).
  { name: 'unknown procedure', path: '/trpc/connection.nope' },
  { name: 'unknown router', path: '/trpc/nope' },
  { name: 'empty path', path: '/trpc/' },
  { name: 'a router, not a procedure', path: '/trpc/connection' },
  { name: 'URL-encoded path', path: '/trpc/connection%2Estatus' },
  { name: 'badly encoded path', path: '/trpc/connection%E0.status' },
  { name: 'mutation over GET', path: '/trpc/connection.begin' },
  { name: 'mutation without input over GET', path: '/trpc/connection.disconnect' },
  { name: 'query over POST', method: 'POST', path: '/trpc/connection.status', headers: { 'content-type': 'application/json' }, body: '{}' },
  { name: 'query over POST without a content type', method: 'POST', path: '/trpc/connection.status', body: '' },
  { name: 'query over PUT', method: 'PUT', path: '/trpc/connection.status' },
  { name: 'query over HEAD', method: 'HEAD', path: '/trpc/connection.status' },
  { name: 'batch of one', path: '/trpc/connection.status?batch=1' },
  { name: 'batch of two', path: `/trpc/connection.status,activity.log?batch=1&input=${q({ 1: { limit: 1 } })}` },
  { name: 'batch with an error', path: '/trpc/connection.status,records.summary?batch=1', token: 'notConnected' },
  { name: 'batch without a token', path: '/trpc/connection.status,activity.log?batch=1', token: null },
  { name: 'batch=0', path: '/trpc/connection.status?batch=0' },
  { name: 'streaming (JSON lines) batch', path: '/trpc/connection.status?batch=1', headers: { 'trpc-accept': 'application/jsonl' } },
  { name: 'streaming without a batch', path: '/trpc/connection.status', headers: { 'trpc-accept': 'application/jsonl' } },
  { name: 'JSON lines by Accept', path: '/trpc/connection.status', headers: { accept: 'application/jsonl' } },
  { name: 'another query parameter', path: '/trpc/connection.status?foo=bar' },
  { name: 'connectionParams not JSON', path: '/trpc/connection.status?connectionParams=%7B' },
  { name: 'a content type on GET (octet-stream)', path: '/trpc/connection.status', headers: { 'content-type': 'application/octet-stream' } },
  { name: 'a content type on GET (multipart)', path: '/trpc/connection.status', headers: { 'content-type': 'multipart/form-data; boundary=x' } },
  { name: 'a content type on GET (JSON)', path: '/trpc/connection.status', headers: { 'content-type': 'application/json' } },
  { name: 'a Host the adapter cannot parse', path: '/trpc/connection.status', headers: { host: 'bad host' } },
  { name: 'trailing slash', path: '/trpc/connection.status/' },
];

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(base: string, c: Case, requestId: string): Promise<Answer> {
  const token = c.token === undefined ? tokens.valid : c.token === null ? null : c.token === 'garbage' ? 'not.a.jwt' : tokens[c.token];
  const origin = c.origin === undefined ? TEST_ORIGIN : c.origin;
  const headers: Record<string, string> = {
    'x-request-id': requestId,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(origin ? { origin } : {}),
    ...c.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(`${base}${c.path}`, { method: c.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(c.body);
  });
}

/** Every header but the transport ones; the request id is compared without its per-side suffix. */
function comparableHeaders(answer: Answer): Record<string, unknown> {
  const { date, 'content-length': _length, 'transfer-encoding': _chunked, connection, 'keep-alive': keepAlive, ...rest } = answer.headers;
  void date, void connection, void keepAlive;
  return { ...rest, 'x-request-id': String(rest['x-request-id']).replace(/-(fast|official)$/, '') };
}

/** The body as JSON; records.summary's fetchedAt is the time each app asked HealthEx, so only its form is compared. */
function comparableBody(answer: Answer): unknown {
  let json: { result?: { data?: { fetchedAt?: unknown } } };
  try {
    json = JSON.parse(answer.body) as typeof json;
  } catch {
    return answer.body; // JSON lines, or no body
  }
  if (typeof json.result?.data?.fetchedAt === 'string') {
    expect(Date.parse(json.result.data.fetchedAt)).toBeGreaterThan(Date.now() - 60_000);
    json.result.data.fetchedAt = '<time>';
  }
  return json;
}

const auditOf = async (requestId: string) =>
  (await stack.db.collection('audit_events').find({ requestId }).toArray()).map(({ action, outcome, reason, userIss, userSub }) => ({ action, outcome, reason, userIss, userSub }));

describe('tRPC query fast path', () => {
  it('is taken for plain queries: same envelope, no chunked encoding', async () => {
    const answer = await send(stack.service.url, CASES[0]!, 'contract-probe-fast');
    expect(answer.status).toBe(200);
    expect(answer.headers['transfer-encoding']).toBeUndefined();
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.body)));
    expect(JSON.parse(answer.body)).toMatchObject({ result: { data: { state: 'connected' } } });
    const viaAdapter = await send(officialUrl, CASES[0]!, 'contract-probe-official');
    expect(viaAdapter.headers['transfer-encoding']).toBe('chunked');
  });

  it.each(CASES.map((c, index) => [c.name, c, index] as const))('answers like the official adapter: %s', async (_name, c, index) => {
    const fast = await send(stack.service.url, c, `contract-${index}-fast`);
    const adapter = await send(officialUrl, c, `contract-${index}-official`);
    expect(fast.status).toBe(adapter.status);
    // The fast path writes a Content-Length where the adapter streams its body chunked.
    if (c.fast) expect(adapter.headers['transfer-encoding']).toBe('chunked');
    expect(fast.headers['transfer-encoding']).toBe(c.fast ? undefined : adapter.headers['transfer-encoding']);
    expect(comparableHeaders(fast)).toEqual(comparableHeaders(adapter));
    expect(comparableBody(fast)).toEqual(comparableBody(adapter));
    if (fast.status >= 500) throw new Error(`${c.name}: ${fast.status} ${fast.body}`);
    expect(fast.body).not.toMatch(/stack|at .*\.ts:/i);
    // Audit events (some are written after the answer): the same, once both have settled.
    const same = async () => JSON.stringify(await auditOf(`contract-${index}-fast`)) === JSON.stringify(await auditOf(`contract-${index}-official`));
    await expect.poll(same, { timeout: 2_000 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await auditOf(`contract-${index}-fast`)).toEqual(await auditOf(`contract-${index}-official`));
  });
});
