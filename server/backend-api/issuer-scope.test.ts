/**
 * T34 (SECURITY.md, HIPAA §164.502(b) minimum necessary): a service credential acts only for the
 * users of the host sites (issuers) it names. The Salus site's back end asks about — and for a
 * HealthEx access token of — a user of a partner site who really is connected: 403
 * ISSUER_NOT_ALLOWED, a `request.denied` audit event, no token and no state revealed; the partner's
 * own credential gets them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAuthorization } from 'healthex-sandbox';
import { mintConnectToken } from '../../demo/host-backend/mint-connect-token.js';
import { startTestStack, TEST_ISSUER, TEST_ORIGIN, type TestStack } from '../../testkit/stack/test-stack.js';
import { serviceSecretHash } from './service-credentials.js';
import { backendCall } from '../../testkit/stack/connected-users.js';

const PARTNER_ISSUER = 'https://partner.test';
const PARTNER_ORIGIN = 'https://app.partner.test';
const salusIssuerSecret = randomBytes(32);
const partnerIssuerSecret = randomBytes(32);
const salusServiceSecret = randomBytes(32).toString('base64url');
const partnerServiceSecret = randomBytes(32).toString('base64url');

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    env: {
      CONNECT_TOKEN_ISSUERS: JSON.stringify([
        { issuer: TEST_ISSUER, secret: salusIssuerSecret.toString('base64url'), allowedOrigins: [TEST_ORIGIN] },
        { issuer: PARTNER_ISSUER, secret: partnerIssuerSecret.toString('base64url'), allowedOrigins: [PARTNER_ORIGIN] },
      ]),
      SERVICE_CREDENTIALS: JSON.stringify([
        { name: 'salus-site', secretSha256: serviceSecretHash(salusServiceSecret), issuers: [TEST_ISSUER] },
        { name: 'partner-site', secretSha256: serviceSecretHash(partnerServiceSecret), issuers: [PARTNER_ISSUER] },
      ]),
    },
  });
});
afterAll(() => stack?.close());

/** A partner-site user taken through begin → HealthEx consent → callback → confirm. */
async function connectPartnerUser(sub: string) {
  const token = await mintConnectToken({ issuer: PARTNER_ISSUER, subject: sub, secret: partnerIssuerSecret });
  const api = stack.api(token, PARTNER_ORIGIN);
  const { authorizationUrl } = await api.connection.begin.mutate({ returnUrl: `${PARTNER_ORIGIN}/records`, mode: 'redirect' });
  const callback = await completeAuthorization(authorizationUrl, { username: 'ava@sandbox.healthex.test', decision: 'allow' });
  expect((await stack.get(callback)).status).toBe(303);
  await api.connection.confirm.mutate();
  return { iss: PARTNER_ISSUER, sub };
}

describe('service credentials scoped to their host site', () => {
  it('refuses the Salus credential for a connected partner user (403, audited), and serves the partner credential', async () => {
    const user = await connectPartnerUser('partner-pat');
    const tokenUses = () => stack.db.collection('audit_events').countDocuments({ action: 'token.use', userIss: PARTNER_ISSUER, userSub: 'partner-pat' });
    const usesBefore = await tokenUses();

    for (const path of ['is-connected', 'access-token'] as const) {
      const refused = await backendCall(stack, path, { user, feature: 'health-decisions' }, salusServiceSecret);
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual({ error: { code: 'ISSUER_NOT_ALLOWED', message: 'This service credential may not act for users of this host site.' } });
      expect(refused.text).not.toMatch(/accessToken|connected"/);
    }
    const denials = await stack.db.collection('audit_events').find({ action: 'request.denied', reason: 'issuer_not_allowed', userIss: PARTNER_ISSUER, userSub: 'partner-pat' }).toArray();
    expect(denials).toHaveLength(2);
    expect(denials.every((event) => event['actor'] === 'health-decisions' && typeof event['requestId'] === 'string')).toBe(true);
    expect(await tokenUses()).toBe(usesBefore); // no token was obtained for the refused calls

    const allowed = await backendCall(stack, 'access-token', { user, feature: 'health-decisions' }, partnerServiceSecret);
    expect(allowed.status).toBe(200);
    expect(allowed.json['accessToken']).toEqual(expect.any(String));
    // And the other way round: the partner credential is refused for a Salus user.
    const salusUser = { iss: TEST_ISSUER, sub: 'salus-sam' };
    expect((await backendCall(stack, 'is-connected', { user: salusUser, feature: 'health-decisions' }, partnerServiceSecret)).status).toBe(403);
    expect((await backendCall(stack, 'is-connected', { user: salusUser, feature: 'health-decisions' }, salusServiceSecret)).json).toEqual({ connected: false, state: 'not_connected' });
  });
});
