/**
 * The back-end API over real HTTP against the sandbox: service-credential authentication (401 and
 * an audit event without a valid one), the demo Health Decisions feature reading records through
 * HealthEx's MCP tools while connected and getting NOT_CONNECTED after disconnect, one refresh for
 * an expired token, reauth_required when HealthEx refuses, and no token in any log line.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthDecisionsContext } from '../../demo/salus-features/health-decisions.js';
import { appCodeOf, startTestStack, TEST_ISSUER, type TestStack } from '../../testkit/stack/test-stack.js';
import { ConnectError } from '../errors.js';
import { serviceSecretHash } from './service-credentials.js';
import { backendCall, connectUser, expireStoredAccessToken } from '../../testkit/stack/connected-users.js';

// Two callers: the Health Decisions service (limited to its feature) and a platform service (any).
const healthDecisionsSecret = randomBytes(32).toString('base64url');
const platformSecret = randomBytes(32).toString('base64url');

let stack: TestStack;
const issuedTokens: string[] = [];
beforeAll(async () => {
  stack = await startTestStack({
    env: {
      SERVICE_CREDENTIALS: JSON.stringify([
        { name: 'health-decisions-service', secretSha256: serviceSecretHash(healthDecisionsSecret), issuers: [TEST_ISSUER], features: ['health-decisions'] },
        { name: 'salus-platform', secretSha256: serviceSecretHash(platformSecret), issuers: [TEST_ISSUER] },
      ]),
    },
  });
});
afterAll(() => stack?.close());

/** This file configures its own credentials; the stack's default one is replaced. */
const call = (path: 'is-connected' | 'access-token', body: unknown, secret: string | null = platformSecret) => backendCall(stack, path, body, secret);
const feature = () => ({ connectServiceUrl: stack.service.url, serviceSecret: healthDecisionsSecret });
const auditEvents = (filter: Record<string, unknown>) => stack.db.collection('audit_events').find(filter).toArray();

describe('service credential', () => {
  it('answers 401 with a Bearer challenge and an audit event without a credential, or with a wrong one', async () => {
    const body = { user: { iss: TEST_ISSUER, sub: 'nobody' }, feature: 'health-decisions' };
    const connectToken = await stack.tokenFor('nobody');
    const cases: Array<[string | null, string]> = [
      [null, 'service_credential_missing'],
      [randomBytes(32).toString('base64url'), 'service_credential_invalid'],
      ['short', 'service_credential_invalid'],
      [connectToken, 'service_credential_invalid'], // a connect token is not a service credential
    ];
    for (const [secret, reason] of cases) {
      const before = (await auditEvents({ action: 'request.denied', reason })).length;
      for (const path of ['is-connected', 'access-token'] as const) {
        const answer = await call(path, body, secret);
        expect(answer.status).toBe(401);
        expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
        expect(answer.json).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
      }
      expect((await auditEvents({ action: 'request.denied', reason })).length).toBe(before + 2);
    }
  });

  it('refuses malformed bodies with 400 and features outside the credential with 403', async () => {
    const user = { iss: TEST_ISSUER, sub: 'nobody' };
    for (const body of ['{not json', { user }, { user, feature: 'Health Decisions' }, { user, feature: 'health-decisions', extra: 1 }]) {
      const answer = await call('is-connected', body);
      expect(answer.status).toBe(400);
      expect(answer.json['error'].code).toBe('INVALID_INPUT');
      expect(answer.text).not.toMatch(/at .+\.ts:\d+/); // never a stack
    }
    const tooLarge = await call('is-connected', { user: { iss: TEST_ISSUER, sub: 'x'.repeat(8000) }, feature: 'health-decisions' });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json['error'].code).toBe('PAYLOAD_TOO_LARGE');

    const denied = await call('access-token', { user, feature: 'manage-my-health' }, healthDecisionsSecret);
    expect(denied.status).toBe(403);
    expect(denied.json['error'].code).toBe('FEATURE_NOT_ALLOWED');
    expect(await auditEvents({ action: 'request.denied', reason: 'feature_not_allowed', actor: 'manage-my-health' })).toHaveLength(1);
    // The platform credential may act as any feature.
    expect((await call('is-connected', { user, feature: 'manage-my-health' }, platformSecret)).status).toBe(200);
  });
});

describe('a Salus feature using the records', () => {
  it('reads records through the MCP tools while connected, and gets NOT_CONNECTED after disconnect', async () => {
    const ava = await connectUser(stack, 'hd-ava', 'ava@sandbox.healthex.test');
    expect((await call('is-connected', { user: ava.user, feature: 'health-decisions' }, healthDecisionsSecret)).json).toEqual({ connected: true, state: 'connected' });

    const context = await healthDecisionsContext(feature(), ava.user);
    // The consent page's default is the first provider, Riverside Health: Ava's conditions there.
    expect(context).toEqual({
      ok: true,
      conditions: ['Essential hypertension', 'Seasonal allergic rhinitis'],
      medications: ['Lisinopril 10 MG Oral Tablet', 'Cetirizine hydrochloride 10 MG Oral Tablet'],
    });
    const uses = await auditEvents({ action: 'token.use', userSub: 'hd-ava', outcome: 'success' });
    expect(uses.map((event) => event['actor'])).toEqual(['health-decisions']);
    expect(await auditEvents({ action: 'connection.check', userSub: 'hd-ava', actor: 'health-decisions' })).toHaveLength(1);

    const token = await call('access-token', { user: ava.user, feature: 'health-decisions' }, healthDecisionsSecret);
    expect(token.status).toBe(200);
    expect(token.headers.get('cache-control')).toBe('no-store');
    expect(token.json).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', mcpUrl: `${stack.sandbox.issuer}/mcp` });
    issuedTokens.push(token.json['accessToken']);

    await stack.api(ava.connectToken).connection.disconnect.mutate();
    const after = await healthDecisionsContext(feature(), ava.user);
    expect(after).toEqual({ ok: false, code: 'NOT_CONNECTED', message: expect.stringContaining('not connected') });
    expect((await call('is-connected', { user: ava.user, feature: 'health-decisions' })).json).toEqual({ connected: false, state: 'not_connected' });
    expect(await auditEvents({ action: 'token.use', userSub: 'hd-ava', outcome: 'denied', reason: 'not_connected' })).toHaveLength(1);
  });

  it('does not hand out tokens while only authorized (personalisation still off)', async () => {
    const pending = await connectUser(stack, 'hd-authorized', 'carmen@sandbox.healthex.test', { confirm: false });
    expect((await call('is-connected', { user: pending.user, feature: 'health-decisions' })).json).toEqual({ connected: false, state: 'authorized' });
    const answer = await call('access-token', { user: pending.user, feature: 'health-decisions' });
    expect(answer.status).toBe(409);
    expect(answer.json['error'].code).toBe('NOT_CONNECTED');
  });

  it('refreshes an expired access token exactly once for concurrent callers, then the MCP call succeeds', async () => {
    const ava = await connectUser(stack, 'hd-expiring', 'ava@sandbox.healthex.test');
    await expireStoredAccessToken(stack, ava.sub);
    const before = stack.sandbox.stats().grants.refresh_token;

    const contexts = await Promise.all([1, 2, 3].map(() => healthDecisionsContext(feature(), ava.user)));
    for (const context of contexts) expect(context).toMatchObject({ ok: true, conditions: ['Essential hypertension', 'Seasonal allergic rhinitis'] });
    expect(stack.sandbox.stats().grants.refresh_token).toBe(before + 1);
    expect(await auditEvents({ action: 'token.refresh', userSub: ava.sub, outcome: 'success' })).toHaveLength(1);
    expect(await stack.api(ava.connectToken).connection.status.query()).toMatchObject({ state: 'connected' });
  });

  it('moves the user to reauth_required when HealthEx refuses the refresh', async () => {
    const ben = await connectUser(stack, 'hd-revoked', 'ben@sandbox.healthex.test');
    await stack.sandbox.revokeGrantsOf('patient-ben');
    await expireStoredAccessToken(stack, ben.sub);

    const context = await healthDecisionsContext(feature(), ben.user);
    expect(context).toMatchObject({ ok: false, code: 'REAUTH_REQUIRED' });
    expect((await stack.api(ben.connectToken).connection.status.query()).state).toBe('reauth_required');
    expect((await call('is-connected', { user: ben.user, feature: 'health-decisions' })).json).toEqual({ connected: false, state: 'reauth_required' });
    expect(await auditEvents({ action: 'token.refresh', userSub: ben.sub, outcome: 'failure' })).toHaveLength(1);
    expect(await appCodeOf(stack.api(ben.connectToken).records.summary.query())).toBe('REAUTH_REQUIRED');
  });
});

describe('the TypeScript module', () => {
  it('fetchRecords refreshes once when HealthEx refuses a not-yet-expired token, and reports REAUTH_REQUIRED when the grant is gone', async () => {
    const api = stack.service.backendApi;
    const carmen = await connectUser(stack, 'hd-module', 'carmen@sandbox.healthex.test');
    const summary = await api.fetchRecords(carmen.user, 'manage-my-health', 'get_health_summary');
    // HealthEx's summary is text; the sandbox's default variant writes JSON inside it.
    expect(JSON.parse(summary.texts[0]!)).toMatchObject({ dateOfBirth: '1993-07-28', allergies: [{ name: 'Latex allergy', reactions: ['Contact dermatitis'] }] });
    expect(summary.structured).toBeNull();

    await stack.sandbox.revokeGrantsOf('patient-carmen'); // the stored token still looks valid for an hour
    const before = stack.sandbox.stats().failedRefreshes;
    const error = await api.fetchRecords(carmen.user, 'manage-my-health', 'get_conditions').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe('REAUTH_REQUIRED');
    expect(stack.sandbox.stats().failedRefreshes).toBe(before + 1);
    expect((await stack.api(carmen.connectToken).connection.status.query()).state).toBe('reauth_required');
  });

  it('rejects feature names that are not lower-case words with dashes', async () => {
    await expect(stack.service.backendApi.isConnected({ iss: TEST_ISSUER, sub: 'x' }, 'Health Decisions')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('secrets', () => {
  it('never logs an access token, a service secret or the stored tokens', async () => {
    const logs = stack.logs.join('');
    for (const secret of [...issuedTokens, healthDecisionsSecret, platformSecret]) expect(logs).not.toContain(secret);
    expect(issuedTokens.length).toBeGreaterThan(0);
  });
});
