/**
 * The connect-token verification cache: hits for the same token string while it is valid, exactly
 * the uncached answer once it is not (expired, too old, clock stepped back), never a refusal kept,
 * bounded.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyConnectToken, type ConnectTokenPolicy } from './connect-token.js';
import { createCachedConnectTokenVerifier, MAX_CACHED_TOKEN_LENGTH } from './connect-token-cache.js';
import { loadTrustedIssuer, type TrustedIssuer } from './trusted-issuers.js';

const ISSUER = 'https://salus.test';
const secret = randomBytes(32);
const policy: ConnectTokenPolicy = { audience: 'healthex-connect', maxLifetimeSeconds: 600, clockToleranceSeconds: 5 };
let issuers: Map<string, TrustedIssuer>;

beforeAll(async () => {
  issuers = new Map([[ISSUER, await loadTrustedIssuer({ issuer: ISSUER, secret: secret.toString('base64url'), allowedOrigins: ['https://app.salus.test'] })]]);
});
afterEach(() => {
  vi.useRealTimers();
});

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
const at = (ms: number) => vi.setSystemTime(ms);
function token(sub: string, claims: { iat?: number; exp?: number; nbf?: number } = {}, key: Uint8Array = secret) {
  const iat = claims.iat ?? Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER).setSubject(sub).setAudience('healthex-connect').setIssuedAt(iat).setExpirationTime(claims.exp ?? iat + 300);
  if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
  return jwt.sign(key);
}

describe('cached connect-token verification', () => {
  it('verifies once per token string and answers the same verification from the cache', async () => {
    const cache = createCachedConnectTokenVerifier(issuers, policy);
    const ava = await token('ava');
    const first = await cache.verify(ava);
    expect(first).toEqual(await verifyConnectToken(ava, issuers, policy));
    expect(first).toMatchObject({ ok: true, user: { iss: ISSUER, sub: 'ava' } });
    expect(await cache.verify(ava)).toBe(first); // the cached object: no second verification
    expect(Object.isFrozen(first) && first.ok && Object.isFrozen(first.user)).toBe(true);
    expect(cache.size).toBe(1);
    const ben = await cache.verify(await token('ben'));
    expect(ben).toMatchObject({ ok: true, user: { sub: 'ben' } });
    expect(cache.size).toBe(2);
  });

  it('never keeps a refusal, and verifies any other string in full', async () => {
    const cache = createCachedConnectTokenVerifier(issuers, policy);
    const good = await token('ava');
    await cache.verify(good);
    const forged = await token('ava', {}, randomBytes(32));
    for (const refused of [null, '', 'not.a.jwt', forged, `${good}x`, good.replace(/\.[^.]+$/, '.AAAA'), `${good.split('.').slice(0, 2).join('.')}.`]) {
      const answer = await cache.verify(refused);
      expect(answer.ok).toBe(false);
      expect(answer).toEqual(await verifyConnectToken(refused, issuers, policy));
      expect(await cache.verify(refused)).toEqual(answer);
    }
    expect(cache.size).toBe(1);
  });

  it('refuses an expired token it had cached, exactly as an uncached verification does', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at(T0);
    const cache = createCachedConnectTokenVerifier(issuers, policy);
    const nowSeconds = T0 / 1000;
    const ava = await token('ava', { iat: nowSeconds, exp: nowSeconds + 60 });
    expect((await cache.verify(ava)).ok).toBe(true);
    // Valid up to the last millisecond jose accepts (exp + tolerance, whole seconds)...
    at((nowSeconds + 60 + 5) * 1000 - 1);
    expect((await cache.verify(ava)).ok).toBe(true);
    // ...and refused from then on, with the same reason and message.
    at((nowSeconds + 60 + 5) * 1000);
    const refused = await cache.verify(ava);
    expect(refused).toEqual({ ok: false, reason: 'expired', message: expect.any(String) });
    expect(refused).toEqual(await verifyConnectToken(ava, issuers, policy));
    expect(cache.size).toBe(0);
  });

  it('re-checks nbf and iat when the clock steps back', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at(T0);
    const cache = createCachedConnectTokenVerifier(issuers, policy);
    const nowSeconds = T0 / 1000;
    const withNbf = await token('nbf', { iat: nowSeconds - 10, nbf: nowSeconds, exp: nowSeconds + 120 });
    const plain = await token('iat', { iat: nowSeconds, exp: nowSeconds + 120 });
    expect((await cache.verify(withNbf)).ok).toBe(true);
    expect((await cache.verify(plain)).ok).toBe(true);
    at(T0 - 60_000);
    for (const stepped of [withNbf, plain]) {
      const answer = await cache.verify(stepped);
      expect(answer.ok).toBe(false);
      expect(answer).toEqual(await verifyConnectToken(stepped, issuers, policy));
    }
    expect(cache.size).toBe(0);
    at(T0);
    expect((await cache.verify(plain)).ok).toBe(true);
  });

  it('is bounded: the least recently used entry goes first; very long tokens are not kept', async () => {
    const cache = createCachedConnectTokenVerifier(issuers, policy, { maxEntries: 2 });
    const [a, b, c] = await Promise.all([token('a'), token('b'), token('c')]);
    const first = await cache.verify(a);
    await cache.verify(b);
    expect(await cache.verify(a)).toBe(first); // a is now the most recently used
    await cache.verify(c); // evicts b
    expect(cache.size).toBe(2);
    expect(await cache.verify(a)).toBe(first);
    const bAgain = await cache.verify(b); // verified again, evicting c
    expect(bAgain).toMatchObject({ ok: true, user: { sub: 'b' } });
    expect(cache.size).toBe(2);

    const long = await new SignJWT({ pad: 'x'.repeat(MAX_CACHED_TOKEN_LENGTH) })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject('long')
      .setAudience('healthex-connect')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(secret);
    const verified = await cache.verify(long);
    expect(verified).toMatchObject({ ok: true, user: { sub: 'long' } });
    expect(await cache.verify(long)).not.toBe(verified);
    expect(await cache.verify(long)).toEqual(verified);
  });
});
