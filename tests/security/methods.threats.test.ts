/**
 * T33 (SECURITY.md): a method a route does not serve answers 405 with `Allow`, on tRPC's paths and
 * on the plain Koa routes alike, and leaves no error (so no stack trace) in the log. Requests go
 * through node:http because fetch refuses to send TRACE.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../testkit/stack/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

function send(method: string, path: string): Promise<{ status: number; allow: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${stack.service.url}${path}`, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const METHODS = ['TRACE', 'PUT', 'DELETE', 'PATCH'];

describe('T33 methods a route does not serve', () => {
  it('answers 405 with Allow on tRPC paths (queries, mutations, batches, unknown procedures)', async () => {
    for (const path of ['/trpc/connection.status', '/trpc/connection.begin', '/trpc/connection.status,connection.begin?batch=1', '/trpc/no.such.procedure']) {
      for (const method of METHODS) {
        const answer = await send(method, path);
        expect({ method, path, status: answer.status }).toEqual({ method, path, status: 405 });
        expect(answer.allow).toBe('GET, HEAD, POST, OPTIONS');
        // The service's plain refusal (one per request, batch or not), not a copy of tRPC's envelope.
        expect(JSON.parse(answer.body)).toEqual({ error: { code: 'METHOD_NOT_ALLOWED', message: `${method} is not allowed here. Use GET, HEAD, POST, OPTIONS.` } });
      }
    }
  });

  it('answers 405 with Allow on the plain routes, and 404 on paths nobody serves', async () => {
    const routes: Array<[string, RegExp]> = [
      ['/auth/healthex', /GET/],
      ['/auth/healthex/callback', /GET/],
      ['/healthz', /GET/],
      ['/readyz', /GET/],
      ['/backend/v1/is-connected', /^POST$/],
      ['/backend/v1/access-token', /^POST$/],
    ];
    for (const [path, allow] of routes) {
      for (const method of METHODS) {
        const answer = await send(method, path);
        expect({ method, path, status: answer.status }).toEqual({ method, path, status: 405 });
        expect(answer.allow).toMatch(allow);
        expect(answer.allow).not.toContain(method);
      }
    }
    expect((await send('TRACE', '/no/such/page')).status).toBe(404);
    expect((await send('PUT', '/no/such/page')).status).toBe(404);
  });

  it('leaves no error and no stack trace in the log for any of them', async () => {
    for (const method of METHODS) {
      await send(method, '/trpc/connection.status');
      await send(method, '/auth/healthex/callback');
    }
    const lines = stack.logs.join('');
    expect(lines).not.toMatch(/"level":(50|60)/); // error, fatal
    expect(lines).not.toMatch(/\\n\s+at /); // a serialized stack
    expect(lines).not.toContain('"stack"');
  });
});
