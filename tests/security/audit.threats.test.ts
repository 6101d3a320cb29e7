/**
 * T25 (SECURITY.md, HIPAA §164.312(b) audit controls): actions and refusals that leave no trace.
 * Every begin, callback, confirm, disconnect, refresh, revoke and refused request leaves an event an
 * auditor can use — who, what, when, outcome, request id — and the request id joins it to the request
 * log line that holds the client address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAuthorization } from 'healthex-sandbox';
import { startTestStack, TEST_ISSUER, TEST_ORIGIN, TEST_RETURN_URL, type TestStack } from '../../testkit/stack/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

interface AuditDoc {
  action: string;
  outcome: string;
  at: Date;
  userIss?: string;
  userSub?: string;
  requestId?: string;
  reason?: string;
}
const events = (filter: Record<string, unknown>) => stack.db.collection<AuditDoc>('audit_events').find(filter).sort({ at: 1 }).toArray();

/** A tRPC call over HTTP with a chosen request id, as the widget would send it. */
function call(path: string, token: string | null, requestId: string, body?: unknown) {
  return fetch(`${stack.service.url}/trpc/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'x-request-id': requestId, origin: TEST_ORIGIN, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('T25 actions and refusals that leave no trace', () => {
  it('records who, what, when, outcome and request id for each step of a connection’s life', async () => {
    const started = new Date();
    const token = await stack.tokenFor('audited');
    const begin = await (await call('connection.begin', token, 'req-begin-0001', { returnUrl: TEST_RETURN_URL, mode: 'redirect' })).json();
    const callback = await completeAuthorization(begin.result.data.authorizationUrl, { username: 'ava@sandbox.healthex.test', decision: 'allow' });
    const callbackAnswer = await stack.get(callback, { headers: { 'x-request-id': 'req-callback-0001' } });
    expect(callbackAnswer.headers.get('x-request-id')).toBe('req-callback-0001');
    await call('connection.confirm', token, 'req-confirm-0001', {});
    await stack.db.collection('connections').updateOne({ userSub: 'audited' }, { $set: { accessTokenExpiresAt: new Date(0) } });
    await stack.service.accessTokens.getAccessToken({ iss: TEST_ISSUER, sub: 'audited' });
    await call('connection.disconnect', token, 'req-disconnect-0001', {});

    const trail = (await events({ userSub: 'audited' })).map(({ action, outcome, requestId, userIss, at }) => ({ action, outcome, requestId, userIss, recent: at >= started }));
    const who = { userIss: TEST_ISSUER, recent: true };
    expect(trail).toEqual([
      { action: 'authorization.begin', outcome: 'success', requestId: 'req-begin-0001', ...who },
      { action: 'authorization.callback', outcome: 'success', requestId: 'req-callback-0001', ...who },
      { action: 'connection.confirm', outcome: 'success', requestId: 'req-confirm-0001', ...who },
      { action: 'token.refresh', outcome: 'success', requestId: undefined, ...who }, // server-side, no request
      { action: 'connection.disconnect', outcome: 'success', requestId: 'req-disconnect-0001', ...who },
      { action: 'token.revoke', outcome: 'success', requestId: 'req-disconnect-0001', ...who },
    ]);
    // The request id leads to the request's log line, which names the client address.
    const line = stack.logs.map((l) => JSON.parse(l)).find((l) => l.requestId === 'req-callback-0001' && l.msg === 'request');
    expect(line).toMatchObject({ path: '/auth/healthex/callback', status: 303, ip: expect.stringMatching(/127\.0\.0\.1/) });
  });

  it('records every kind of refused request, with the user when known', async () => {
    const token = await stack.tokenFor('refused-audit');
    await call('connection.status', 'not-a-token', 'req-refused-token');
    await fetch(`${stack.service.url}/trpc/connection.status`, { headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example', 'x-request-id': 'req-refused-origin' } });
    await call('connection.begin', token, 'req-refused-return', { returnUrl: 'https://evil.example/', mode: 'redirect' });
    await call('connection.begin', token, 'req-refused-input', { returnUrl: TEST_RETURN_URL, mode: 'sideways' });
    await call('connection.nope', token, 'req-refused-procedure');
    await call('connection.confirm', token, 'req-refused-confirm', {});
    await stack.get(`${stack.service.url}/auth/healthex/callback?state=forged&code=x`, { headers: { 'x-request-id': 'req-refused-state' } });
    const denied = await stack.authorizeAtSandbox(token, 'ava@sandbox.healthex.test', 'deny');
    await stack.get(denied, { headers: { 'x-request-id': 'req-refused-consent' } });

    const byRequest = Object.fromEntries((await events({ requestId: /^req-refused-/ })).map((e) => [e.requestId, { action: e.action, outcome: e.outcome, reason: e.reason, userSub: e.userSub }]));
    expect(byRequest).toEqual({
      'req-refused-token': { action: 'request.denied', outcome: 'denied', reason: 'malformed', userSub: undefined },
      'req-refused-origin': { action: 'request.denied', outcome: 'denied', reason: 'origin_not_allowed', userSub: 'refused-audit' },
      'req-refused-return': { action: 'authorization.begin', outcome: 'denied', reason: 'return_url_not_allowed', userSub: 'refused-audit' },
      'req-refused-input': { action: 'request.denied', outcome: 'denied', reason: 'invalid_request:bad_request', userSub: 'refused-audit' },
      'req-refused-procedure': { action: 'request.denied', outcome: 'denied', reason: 'invalid_request:not_found', userSub: 'refused-audit' },
      'req-refused-confirm': { action: 'connection.confirm', outcome: 'denied', reason: 'not_authorized', userSub: 'refused-audit' },
      'req-refused-state': { action: 'authorization.callback', outcome: 'denied', reason: 'state_unknown', userSub: undefined },
      'req-refused-consent': { action: 'authorization.callback', outcome: 'denied', reason: 'access_denied', userSub: 'refused-audit' },
    });
  });
});
