/**
 * T30 (SECURITY.md): malformed input. Property-based fuzzing of connect tokens:
 * - arbitrary strings and JWT-shaped junk never throw and never authenticate anyone;
 * - any mutation of a valid token authenticates nobody else (at most the same user, when the
 *   change is invisible after decoding, like base64 padding bits);
 * - tokens correctly signed with arbitrary claims and algorithms are accepted exactly when the
 *   policy says so (checked against a model of the rules);
 * - over HTTP (the API and the plain-link begin), fuzzed tokens never get a 5xx or create anything.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyConnectToken } from '../../server/identity/connect-token.js';
import { loadTrustedIssuer } from '../../server/identity/trusted-issuers.js';
import { startTestStack, TEST_ORIGIN, TEST_RETURN_URL, type TestStack } from '../../testkit/stack/test-stack.js';
import { trimAuditTrail } from '../../testkit/fuzz/audit-trail.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const ISSUER = 'https://salus.test';
const AUDIENCE = 'healthex-connect';
const policy = { audience: AUDIENCE, maxLifetimeSeconds: 900, clockToleranceSeconds: 5 };
const secret = randomBytes(32);
let issuers: Map<string, Awaited<ReturnType<typeof loadTrustedIssuer>>>;
let valid: string;

const now = () => Math.floor(Date.now() / 1000);
/** The payload of a (possibly already mangled) token, or nothing. */
function claimsOf(token: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
  } catch {
    return {};
  }
}
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  issuers = new Map([[ISSUER, await loadTrustedIssuer({ issuer: ISSUER, secret: secret.toString('base64url'), allowedOrigins: [TEST_ORIGIN] })]]);
  valid = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER).setSubject('fuzz-user').setAudience(AUDIENCE).setIssuedAt().setExpirationTime('5m').sign(secret);
});

describe('verifyConnectToken', () => {
  it('arbitrary strings and JWT-shaped junk: never throws, never authenticates', async () => {
    const jwtShaped = fc
      .tuple(fc.oneof(fc.jsonValue(), fc.record({ alg: fc.constantFrom('none', 'HS256', 'RS256', 'ES256', 'EdDSA', 'HS512', ''), typ: fc.string() }, { requiredKeys: [] })), fc.jsonValue(), fc.string({ maxLength: 90 }))
      .map(([header, payload, signature]) => `${b64(header)}.${b64(payload)}.${signature}`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), jwtShaped, fc.constant(null)), async (token) => {
        const result = await verifyConnectToken(token, issuers, policy);
        expect(result.ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('mutations of a valid token never authenticate anyone else', async () => {
    const mutation = fc.oneof(
      fc.tuple(fc.nat(), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ')).map(([at, char]) => (t: string) => t.slice(0, at % t.length) + char + t.slice((at % t.length) + 1)),
      fc.nat().map((at) => (t: string) => t.slice(0, at % t.length)),
      fc.string({ maxLength: 20 }).map((tail) => (t: string) => t + tail),
      fc.constantFrom(
        (t: string) => t.split('.').reverse().join('.'),
        (t: string) => t.split('.').slice(0, 2).join('.') + '.',
        (t: string) => `${b64({ alg: 'none' })}.${t.split('.')[1]}.`,
        (t: string) => `${b64({ alg: 'HS256' })}.${b64({ ...claimsOf(t), sub: 'someone-else' })}.${t.split('.')[2]}`,
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const token = mutations.reduce((t, mutate) => mutate(t), valid);
        const result = await verifyConnectToken(token, issuers, policy);
        if (result.ok) expect(result.user).toEqual({ iss: ISSUER, sub: 'fuzz-user' });
      }),
      { numRuns: RUNS },
    );
  });

  it('correctly signed tokens with arbitrary claims: accepted exactly when the rules allow', async () => {
    // Offsets keep clear of the rules' boundaries, so time passing during the run cannot flip a case.
    // Mostly valid values, so both outcomes are well covered.
    const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) => fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: bad, weight: 1 });
    const claims = fc.record(
      {
        iss: mostly(fc.constant(ISSUER), fc.constantFrom('https://other.test', 42, '')),
        sub: mostly(fc.oneof(fc.constantFrom('u', 'x'.repeat(256)), fc.string({ minLength: 1, maxLength: 20 })), fc.constantFrom('x'.repeat(257), '', 7)),
        aud: mostly(fc.constantFrom(AUDIENCE, [AUDIENCE, 'other']), fc.constantFrom(['other'], 'other', '')),
        exp: mostly(fc.constantFrom(120, 600).map((o) => now() + o), fc.oneof(fc.constantFrom(-3600, -120, 1200, 86400).map((o) => now() + o), fc.constantFrom('soon', null))),
        iat: mostly(fc.constantFrom(-120, 0).map((o) => now() + o), fc.oneof(fc.constantFrom(-86400, -1200, -600, 120, 86400).map((o) => now() + o), fc.constantFrom('now', null))),
        nbf: fc.constantFrom(-60, 600).map((o) => now() + o),
      },
      { requiredKeys: ['iss', 'sub', 'aud', 'exp', 'iat'] },
    );
    const alg = mostly(fc.constant('HS256'), fc.constantFrom('HS384', 'HS512'));
    const outcomes = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(claims, alg, async (payload, algorithm) => {
        const token = await new SignJWT(payload as Record<string, unknown>).setProtectedHeader({ alg: algorithm }).sign(secret);
        const t = now();
        const { iss, sub, aud, exp, iat, nbf } = payload;
        const expected =
          algorithm === 'HS256' &&
          iss === ISSUER &&
          typeof sub === 'string' && sub.length >= 1 && sub.length <= 256 &&
          (aud === AUDIENCE || (Array.isArray(aud) && aud.includes(AUDIENCE))) &&
          typeof exp === 'number' && exp > t &&
          typeof iat === 'number' && iat <= t && t - iat <= policy.maxLifetimeSeconds && exp - iat <= policy.maxLifetimeSeconds &&
          (nbf === undefined || nbf <= t);
        const result = await verifyConnectToken(token, issuers, policy);
        expect([payload, algorithm, result.ok]).toEqual([payload, algorithm, expected]);
        if (result.ok) expect(result.user).toEqual({ iss: ISSUER, sub });
        outcomes[result.ok ? 'accepted' : 'refused'] += 1;
      }),
      { numRuns: RUNS },
    );
    expect(outcomes.accepted).toBeGreaterThan(RUNS / 20);
    expect(outcomes.refused).toBeGreaterThan(RUNS / 20);
  });
});

describe('over HTTP', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ env: { LOG_LEVEL: 'warn' } });
  });
  afterAll(() => stack?.close());

  it('fuzzed tokens in the Authorization header or the begin link: never 5xx, nothing created', { timeout: 120_000 }, async () => {
    const real = await stack.tokenFor('fuzz-http');
    const token = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 3 })).map(([at, s]) => real.slice(0, at % real.length) + s + real.slice((at % real.length) + s.length)),
    );
    let run = 0;
    let begun = 0;
    await fc.assert(
      fc.asyncProperty(token, fc.boolean(), async (candidate, viaLink) => {
        if (++run % 100 === 0) await trimAuditTrail(stack);
        const answer = viaLink
          ? await fetch(`${stack.service.url}/auth/healthex?token=${encodeURIComponent(candidate)}&returnUrl=${encodeURIComponent(TEST_RETURN_URL)}`, { redirect: 'manual' })
          : await fetch(`${stack.service.url}/trpc/connection.status`, { headers: { authorization: `Bearer ${encodeURIComponent(candidate)}`, origin: TEST_ORIGIN } });
        await answer.arrayBuffer();
        expect(answer.status).toBeLessThan(500);
        if (answer.status === 303 || answer.status === 200) {
          // Only the real token itself, or a spelling of it that decodes to the same bytes, may pass.
          expect(await verifyConnectToken(candidate, stack.config.trustedIssuers, stack.config.connectToken)).toMatchObject({ ok: true, user: { sub: 'fuzz-http' } });
          if (answer.status === 303) begun += 1;
        }
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
    expect(await stack.db.collection('pending_authorizations').countDocuments({})).toBe(begun);
  });
});
