/**
 * Who the caller is (SECURITY.md T20–T21, HIPAA §164.312(a)(1) access control and (d) person or
 * entity authentication): forged or stretched connect tokens, and one user acting on another's
 * connection.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintConnectToken } from '../../demo/host-backend/mint-connect-token.js';
import { completeAuthorization } from 'healthex-sandbox';
import { verifyConnectToken } from '../../server/identity/connect-token.js';
import { loadTrustedIssuer } from '../../server/identity/trusted-issuers.js';
import { appCodeOf, startTestStack, TEST_ORIGIN, TEST_RETURN_URL, type TestStack } from '../../testkit/stack/test-stack.js';

const SALUS = 'https://salus.test';
const PARTNER = 'https://partner.test';
const PARTNER_ORIGIN = 'https://shop.partner.test';
const salusSecret = randomBytes(32);
const partnerSecret = randomBytes(32);

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    env: {
      CONNECT_TOKEN_ISSUERS: JSON.stringify([
        { issuer: SALUS, secret: salusSecret.toString('base64url'), allowedOrigins: [TEST_ORIGIN] },
        { issuer: PARTNER, secret: partnerSecret.toString('base64url'), allowedOrigins: [PARTNER_ORIGIN] },
      ]),
    },
  });
});
afterAll(() => stack?.close());

const salusToken = (sub: string, lifetimeSeconds?: number) => mintConnectToken({ issuer: SALUS, subject: sub, secret: salusSecret, ...(lifetimeSeconds ? { lifetimeSeconds } : {}) });
const now = () => Math.floor(Date.now() / 1000);
const claims = (sub = 'forger') => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(SALUS).setSubject(sub).setAudience('healthex-connect');

describe('T20 forged or stretched connect tokens', () => {
  it('refuses unsigned, wrongly signed, future-dated, long-lived, foreign and incomplete tokens', async () => {
    const forged: Record<string, string> = {
      'alg none': new UnsecuredJWT({}).setIssuer(SALUS).setSubject('forger').setAudience('healthex-connect').setIssuedAt().setExpirationTime('5m').encode(),
      'wrong key': await claims().setIssuedAt().setExpirationTime('5m').sign(randomBytes(32)),
      'the other issuer’s key': await claims().setIssuedAt().setExpirationTime('5m').sign(partnerSecret),
      'dated a year ahead (exp - iat looks short)': await claims().setIssuedAt(now() + 365 * 86400).setExpirationTime(now() + 365 * 86400 + 300).sign(salusSecret),
      'lives a day': await claims().setIssuedAt().setExpirationTime('24h').sign(salusSecret),
      'no exp': await claims().setIssuedAt().sign(salusSecret),
      'no iat': await claims().setExpirationTime('5m').sign(salusSecret),
      'wrong audience': await claims().setAudience('another-service').setIssuedAt().setExpirationTime('5m').sign(salusSecret),
      'unknown issuer': await claims().setIssuer('https://evil.example').setIssuedAt().setExpirationTime('5m').sign(salusSecret),
      'empty subject': await claims('').setIssuedAt().setExpirationTime('5m').sign(salusSecret),
      'huge subject': await claims('x'.repeat(300)).setIssuedAt().setExpirationTime('5m').sign(salusSecret),
      expired: await salusToken('forger', -60),
    };
    for (const [name, token] of Object.entries(forged)) {
      expect([name, await appCodeOf(stack.api(token).connection.status.query())]).toEqual([name, 'UNAUTHENTICATED']);
    }
    expect((await stack.api(await salusToken('forger')).connection.status.query()).state).toBe('not_connected'); // the control
  });

  it('refuses algorithm confusion: an HS256 token keyed with the issuer’s RSA public key, or carrying its own key', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const issuers = new Map([[SALUS, await loadTrustedIssuer({ issuer: SALUS, publicKeyPem: pem, algorithm: 'RS256', allowedOrigins: [TEST_ORIGIN] })]]);
    const policy = { audience: 'healthex-connect', maxLifetimeSeconds: 900, clockToleranceSeconds: 5 };
    const genuine = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer(SALUS).setSubject('u').setAudience('healthex-connect').setIssuedAt().setExpirationTime('5m').sign(privateKey);
    expect((await verifyConnectToken(genuine, issuers, policy)).ok).toBe(true);

    const confused = await claims('u').setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(pem));
    expect(await verifyConnectToken(confused, issuers, policy)).toMatchObject({ ok: false });
    const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const embedded = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', jwk: attacker.publicKey.export({ format: 'jwk' }) as never, jku: 'https://evil.example/jwks.json' })
      .setIssuer(SALUS).setSubject('u').setAudience('healthex-connect').setIssuedAt().setExpirationTime('5m')
      .sign(attacker.privateKey);
    expect(await verifyConnectToken(embedded, issuers, policy)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });
});

describe('T21 one user acting on another user’s connection', () => {
  it('takes the user only from the verified token: no procedure accepts a user in its input', async () => {
    const api = stack.api(await salusToken('acl-a'));
    for (const extra of [{ user: 'acl-b' }, { sub: 'acl-b' }, { iss: PARTNER }]) {
      expect(await appCodeOf(api.connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'popup', ...extra } as never))).toBe('INVALID_INPUT');
    }
  });

  it('another user’s confirm and disconnect leave a connection alone', async () => {
    const alice = await salusToken('acl-alice');
    const { authorizationUrl } = await stack.api(alice).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'redirect' });
    expect((await stack.get(await completeAuthorization(authorizationUrl, { username: 'ava@sandbox.healthex.test', decision: 'allow' }))).status).toBe(303);
    const before = await stack.db.collection('connections').findOne({ userSub: 'acl-alice' });

    const mallory = stack.api(await salusToken('acl-mallory'));
    expect(await appCodeOf(mallory.connection.confirm.mutate())).toBe('NOT_AUTHORIZED_YET');
    expect((await mallory.connection.disconnect.mutate()).state).toBe('not_connected');
    expect(await stack.db.collection('connections').findOne({ userSub: 'acl-alice' })).toEqual(before);
  });

  it('keeps the same subject under two issuers apart: a partner’s user "42" is not Salus’s user "42"', async () => {
    const salus42 = await salusToken('42');
    const { authorizationUrl } = await stack.api(salus42).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'redirect' });
    expect((await stack.get(await completeAuthorization(authorizationUrl, { username: 'ben@sandbox.healthex.test', decision: 'allow' }))).status).toBe(303);
    const partner42 = stack.api(await mintConnectToken({ issuer: PARTNER, subject: '42', secret: partnerSecret }), PARTNER_ORIGIN);
    expect((await partner42.connection.status.query()).state).toBe('not_connected');
    expect(await appCodeOf(partner42.connection.confirm.mutate())).toBe('NOT_AUTHORIZED_YET');
    expect((await stack.api(salus42).connection.status.query()).state).toBe('authorized');
  });
});
