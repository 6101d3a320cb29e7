/**
 * /metrics after a whole flow: connect (begin, callback, confirm), a back-end access-token call that
 * refreshes, a refused refresh, rate-limited callbacks, a disconnect that revokes. Counters follow
 * what happened; labels are route templates and outcomes, never a user id, a path with data or a token.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { backendCall, connectUser, expireStoredAccessToken } from '../../testkit/stack/connected-users.js';
import { startTestStack, TEST_RETURN_URL, type TestStack } from '../../testkit/stack/test-stack.js';
import { freePort } from '../net/free-port.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';

let stack: TestStack;
let metricsServer: MetricsServer;
beforeAll(async () => {
  stack = await startTestStack({ env: { RATE_LIMIT_CALLBACK_PER_MINUTE: '3', RATE_LIMIT_BEGIN_PER_MINUTE: '3' } });
  metricsServer = await startMetricsServer(stack.service.metrics.registry, { host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await metricsServer?.close();
  await stack?.close();
});

function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

it('counts requests by route template, authorizations, refreshes, refusals, rate limits and revocations', async () => {
  const ava = await connectUser(stack, 'metrics-ava-7f3e', 'ava@sandbox.healthex.test');
  const ben = await connectUser(stack, 'metrics-ben-91c2', 'ben@sandbox.healthex.test');

  await expireStoredAccessToken(stack, ava.sub);
  const used = await backendCall(stack, 'access-token', { user: ava.user, feature: 'precision-medicine' });
  expect(used.status).toBe(200);
  const accessToken = used.json.accessToken as string;

  await stack.sandbox.revokeGrantsOf('patient-ben');
  await expireStoredAccessToken(stack, ben.sub);
  expect((await backendCall(stack, 'access-token', { user: ben.user, feature: 'precision-medicine' })).status).toBe(409);

  // Two callbacks are used by the flows above; the limit is 3 a minute, so of these four, three are refused.
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await stack.get(`${stack.service.url}/auth/healthex/callback?state=s${i}&code=c${i}`)).status);
  expect(statuses.filter((status) => status === 429)).toHaveLength(3);

  // Begin is limited inside tRPC, per call: two begins above, so the second of these two is refused.
  const begins = await Promise.allSettled([0, 1].map(() => stack.api(ben.connectToken).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'redirect' })));
  expect(begins.map((b) => b.status).sort()).toEqual(['fulfilled', 'rejected']);

  await stack.api(ava.connectToken).connection.disconnect.mutate();

  const response = await fetch(metricsServer.url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();

  expect(sample(text, 'healthex_connect_authorizations_total', { stage: 'begin', outcome: 'success' })).toBe(3);
  expect(sample(text, 'healthex_connect_authorizations_total', { stage: 'callback', outcome: 'success' })).toBe(2);
  expect(sample(text, 'healthex_connect_authorizations_total', { stage: 'confirm', outcome: 'success' })).toBe(2);
  expect(sample(text, 'healthex_connect_token_refreshes_total', { outcome: 'success' })).toBe(1);
  expect(sample(text, 'healthex_connect_token_refreshes_total', { outcome: 'refused' })).toBe(1);
  // Two revocation jobs ended confirmed: Ava's disconnect, and Ben's tokens dropped for reauthorization.
  await vi.waitFor(async () => expect(sample(await (await fetch(metricsServer.url)).text(), 'healthex_connect_token_revocations_total', { outcome: 'success' })).toBe(2), { timeout: 5_000 });
  expect(sample(text, 'healthex_connect_rate_limit_refusals_total', { route: 'callback' })).toBe(3);
  expect(sample(text, 'healthex_connect_rate_limit_refusals_total', { route: 'begin' })).toBe(1);
  expect(sample(text, 'healthex_connect_http_requests_total', { method: 'POST', route: '/trpc/connection.begin', status: '200' })).toBe(3);
  expect(sample(text, 'healthex_connect_http_requests_total', { method: 'GET', route: '/auth/healthex/callback', status: '303' })).toBe(2);
  expect(sample(text, 'healthex_connect_http_requests_total', { method: 'POST', route: '/backend/v1/access-token', status: '200' })).toBe(1);
  expect(sample(text, 'healthex_connect_http_request_duration_seconds_count', { route: '/trpc/connection.begin', status: '200' })).toBe(3);
  expect(sample(text, 'healthex_connect_http_requests_total', { method: 'POST', route: '/trpc/connection.begin', status: '429' })).toBe(1);
  expect(text).toMatch(/^# TYPE healthex_connect_mongodb_errors_total counter$/m); // declared before any error

  // Nothing personal or secret in any label or value.
  for (const secret of [ava.sub, ben.sub, ava.connectToken, accessToken, 'state=s', 'patient-']) expect(text).not.toContain(secret);
  const routes = new Set([...text.matchAll(/^healthex_connect_http_[^{]*\{.*route="([^"]*)"/gm)].map((match) => match[1]));
  expect(routes.size).toBeGreaterThan(3);
  for (const route of routes) expect(route).toMatch(/^(\/[a-z0-9/._:*-]*|unmatched)$/i);
});

it('counts HealthEx being unreachable, by operation, and the failed begin', async () => {
  const closedPort = await freePort(); // nothing listens there: connection refused
  const offline = await startTestStack({ env: { HEALTHEX_ISSUER: `http://127.0.0.1:${closedPort}`, HEALTHEX_TIMEOUT_SECONDS: '2' } });
  try {
    const api = offline.api(await offline.tokenFor('metrics-offline'));
    await expect(api.connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'redirect' })).rejects.toThrow();
    const text = await offline.service.metrics.registry.metrics();
    expect(sample(text, 'healthex_connect_healthex_errors_total', { operation: 'discovery' })).toBe(1);
    expect(sample(text, 'healthex_connect_authorizations_total', { stage: 'begin', outcome: 'failure' })).toBe(1);
  } finally {
    await offline.close();
  }
});
